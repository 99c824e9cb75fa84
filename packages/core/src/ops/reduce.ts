// Reductions over axes: sum, mean, max, min, argmax, argmin.
import { record } from '../autograd.js';
import { runKernel } from '../engine.js';
import type { ReduceOp } from '../kernels.js';
import { normalizeAxes, normalizeAxis, sizeOf } from '../shape/shape.js';
import type { Tensor } from '../tensor.js';
import { div, sub } from './arithmetic.js';
import { asFloat, asTensor } from './operand.js';
import { binary, unary } from './raw.js';
import { reshape } from './reshape.js';
import { sqrt, square } from './unary.js';

/** Axes to reduce over: one, several, or all when omitted. */
export type Axes = number | readonly number[];

function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/**
 * Reduces x over sorted axes without autograd. Each run of neighbouring axes is one kernel call on
 * x viewed as [outer, reduce, inner], so no transpose is ever needed.
 */
export function reduceRaw(
  op: ReduceOp,
  x: Tensor,
  axes: readonly number[],
  keepDims: boolean,
): Tensor {
  let current = x;
  let shape = [...x.shape];
  // Runs from the last axis backwards, so earlier axis numbers stay valid.
  let end = axes.length - 1;
  while (end >= 0) {
    let start = end;
    while (start > 0 && axes[start - 1] === axes[start] - 1) start--;
    const first = axes[start];
    const last = axes[end];
    const outer = sizeOf(shape.slice(0, first));
    const reduce = sizeOf(shape.slice(first, last + 1));
    const inner = sizeOf(shape.slice(last + 1));
    shape = [...shape.slice(0, first), ...shape.slice(last + 1)];
    // An empty sum is 0 (backends need not handle a zero-length reduction).
    const next =
      reduce === 0 && op === 'sum'
        ? runKernel('Fill', {}, { shape, value: 0, dtype: x.dtype }, x.backend)
        : runKernel('Reduce', { x: current }, { op, outer, reduce, inner, outShape: shape });
    if (current !== x) current.dispose();
    current = next;
    end = start - 1;
  }
  if (current === x)
    current = runKernel(
      'Reduce',
      { x },
      { op, outer: x.size, reduce: 1, inner: 1, outShape: shape },
    );
  return keepDims ? reshapeRaw(current, keptShape(x.shape, axes)) : current;
}

function reshapeRaw(x: Tensor, shape: number[]): Tensor {
  const view = x.viewAs(shape);
  x.dispose();
  return view;
}

/**
 * Sum over `axes` (all by default).
 * @example
 * ```ts
 * const x = tensor([[1, 2], [3, 4]]);
 * console.log(sum(x)); // → tensor(10.)
 * console.log(sum(x, 1, true)); // [N, C] → [N, 1]: → tensor([[3.], [7.]])
 * ```
 */
export function sum(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  const t = asTensor('sum', x);
  const ax = normalizeAxes('sum', axes, t.rank);
  const out = reduceRaw('sum', t, ax, keepDims);
  return record('sum', [t], out, [], (dy) => [
    binary('add', reshape(dy, keptShape(t.shape, ax)), 0, t.shape),
  ]);
}

/** Mean over `axes` (all by default). */
export function mean(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  const t = asFloat('mean', x);
  const ax = normalizeAxes('mean', axes, t.rank);
  const count = sizeOf(ax.map((a) => t.shape[a]));
  const total = reduceRaw('sum', t, ax, keepDims);
  const out = binary('div', total, count);
  total.dispose();
  return record('mean', [t], out, [], (dy) => [
    binary('div', reshape(dy, keptShape(t.shape, ax)), count, t.shape),
  ]);
}

function extremum(op: 'max' | 'min', x: Tensor, axes: Axes | undefined, keepDims: boolean): Tensor {
  const t = asTensor(op, x);
  if (t.size === 0) throw new Error(`${op}: cannot reduce an empty tensor`);
  const ax = normalizeAxes(op, axes, t.rank);
  const out = reduceRaw(op, t, ax, keepDims);
  // The gradient goes to the extreme elements, split evenly between ties.
  return record(op, [t], out, [t, out], (dy, [t, out]) => {
    const kept = keptShape(t.shape, ax);
    const mask = binary('equal', t, reshape(out, kept));
    const ties = reduceRaw('sum', mask, ax, true);
    return [binary('mul', mask, binary('div', reshape(dy, kept), ties))];
  });
}

/** Maximum over `axes` (all by default); the gradient is shared by tied maxima. */
export function max(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  return extremum('max', x, axes, keepDims);
}

/** Minimum over `axes` (all by default); the gradient is shared by tied minima. */
export function min(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  return extremum('min', x, axes, keepDims);
}

function argExtremum(
  op: 'argmax' | 'argmin',
  x: Tensor,
  axis: number | undefined,
  keepDims: boolean,
): Tensor {
  const t = asTensor(op, x);
  if (t.size === 0) throw new Error(`${op}: cannot reduce an empty tensor`);
  if (axis === undefined) {
    // Over all elements: the index into the flattened tensor, as in PyTorch.
    const flat = t.viewAs([t.size]);
    const out = reduceRaw(op, flat, [0], false);
    flat.dispose();
    return keepDims
      ? reshapeRaw(
          out,
          t.shape.map(() => 1),
        )
      : out;
  }
  return reduceRaw(op, t, [normalizeAxis(op, axis, t.rank)], keepDims);
}

/** Index (int32) of the largest value along `axis` (over all elements, flattened, by default). First wins ties. */
export function argmax(x: Tensor, axis?: number, keepDims = false): Tensor {
  return argExtremum('argmax', x, axis, keepDims);
}

/** Index (int32) of the smallest value along `axis` (over all elements, flattened, by default). First wins ties. */
export function argmin(x: Tensor, axis?: number, keepDims = false): Tensor {
  return argExtremum('argmin', x, axis, keepDims);
}

/**
 * log Σ exp(x) over `axes` (all by default), as torch.logsumexp: the maximum is taken out first,
 * so large inputs stay finite (logSumExp([1000, 1000]) = 1000 + log 2).
 */
export function logSumExp(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  const t = asFloat('logSumExp', x);
  const ax = normalizeAxes('logSumExp', axes, t.rank);
  const kept = keptShape(t.shape, ax);
  const m = reduceRaw('max', t, ax, true);
  // An all −∞ (or +∞) slice would give ∞ − ∞ = NaN: shift those by 0 instead.
  const finite = binary('equal', binary('sub', m, m), 0);
  const zero = runKernel('Fill', {}, { shape: m.shape, value: 0, dtype: 'float32' }, m.backend);
  const shift = runKernel('Where', { condition: finite, a: m, b: zero }, {});
  const s = reduceRaw('sum', unary('exp', binary('sub', t, shift)), ax, true);
  const outKept = binary('add', unary('log', s), shift);
  const out = keepDims
    ? outKept
    : reshape(
        outKept,
        t.shape.filter((_, i) => !ax.includes(i)),
      );
  // d/dx = dy · exp(x − lse) (the softmax over the reduced axes)
  return record('logSumExp', [t], out, [t, outKept], (dy, [t, outKept]) => [
    binary('mul', reshape(dy, kept), unary('exp', binary('sub', t, outKept))),
  ]);
}

/**
 * Variance over `axes` (all by default), unbiased (divides by n − 1) by default, as torch.var.
 * @example
 * ```ts
 * const x = tensor([[1, 10], [3, 20]]);
 * console.log(variance(x, 0)); // per column: → tensor([ 2., 50.])
 * console.log(variance(x, 0, false)); // biased (÷ n): → tensor([ 1., 25.])
 * ```
 */
export function variance(x: Tensor, axes?: Axes, unbiased = true, keepDims = false): Tensor {
  const t = asFloat('var', x);
  const ax = normalizeAxes('var', axes, t.rank);
  const n = sizeOf(ax.map((a) => t.shape[a]));
  const centred = sub(t, mean(t, ax, true));
  return div(sum(square(centred), ax, keepDims), Math.max(unbiased ? n - 1 : n, 0));
}

/** Standard deviation over `axes`, unbiased by default, as torch.std. */
export function std(x: Tensor, axes?: Axes, unbiased = true, keepDims = false): Tensor {
  return sqrt(variance(asFloat('std', x), axes, unbiased, keepDims));
}
