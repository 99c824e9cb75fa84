// Selecting and reordering elements: where, maskedFill, gather, indexSelect, PyTorch-style
// indexing, sort, topk, cumsum. All are composed from existing kernels (Where, OneHot, MatMul,
// Slice, Pad), so every backend has them and their gradients come from the ops they are made of.
import { isGradEnabled, record } from '../autograd.js';
import { runKernel } from '../engine.js';
import { broadcastShapes } from '../shape/broadcast.js';
import { normalizeAxis, showShape, sizeOf } from '../shape/shape.js';
import { Tensor } from '../tensor.js';
import { unbroadcast } from './arithmetic.js';
import { zerosLike } from './creation.js';
import { matmul } from './matmul.js';
import { asTensor, operands, type TensorLike } from './operand.js';
import { binary } from './raw.js';
import { sum } from './reduce.js';
import { pad, permute, reshape, slice, unsqueeze } from './reshape.js';
import { cast } from './unary.js';

/**
 * Elements of a where `condition` is non-zero (true), else of b, with broadcasting, as torch.where.
 * condition: float32 1/0 (what comparisons return) or int32. Differentiable in a and b.
 * @example
 * ```ts
 * const x = tensor([-2, 3]);
 * console.log(where(greater(x, 0), x, 0)); // relu: → tensor([0., 3.])
 * ```
 */
export function where(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const c = asTensor('where', condition, 'condition');
  const [x, y] = operands('where', a, b);
  const shape = broadcastShapes('where', broadcastShapes('where', c.shape, x.shape), y.shape);
  const expand = (t: Tensor) => binary('add', t, 0, shape);
  const cc = expand(c);
  const xa = expand(x);
  const yb = expand(y);
  const out = runKernel('Where', { condition: cc, a: xa, b: yb }, {});
  xa.dispose();
  yb.dispose();
  if (!isGradEnabled() || (!x.requiresGrad && !y.requiresGrad)) {
    cc.dispose();
    return out;
  }
  return record('where', [x, y], out, [cc], (dy, [cc]) => {
    const zeros = zerosLike(dy);
    return [
      x.requiresGrad
        ? unbroadcast(runKernel('Where', { condition: cc, a: dy, b: zeros }, {}), x.shape)
        : null,
      y.requiresGrad
        ? unbroadcast(runKernel('Where', { condition: cc, a: zeros, b: dy }, {}), y.shape)
        : null,
    ];
  });
}

/** x with `value` wherever mask is non-zero (mask broadcasts to x), as torch.Tensor.masked_fill. */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  const t = asTensor('maskedFill', x);
  const m = asTensor('maskedFill', mask, 'mask');
  const shape = broadcastShapes('maskedFill', t.shape, m.shape);
  if (shape.join() !== t.shape.join()) {
    throw new Error(
      `maskedFill: mask ${showShape(m.shape)} does not broadcast to x ${showShape(t.shape)}`,
    );
  }
  return where(m, value, t);
}

/** Checks int32 indices lie in [0, size) and returns them (read back once, like crossEntropy's labels). */
function checkIndices(op: string, index: Tensor, size: number): void {
  if (index.dtype !== 'int32') throw new Error(`${op}: index must be int32, got ${index.dtype}`);
  const values = index.dataSync();
  const bad = values.findIndex((v) => v < 0 || v >= size);
  if (bad >= 0) {
    throw new Error(`${op}: index ${values[bad]} at position ${bad} is outside [0, ${size - 1}]`);
  }
}

/** A permutation moving axis `a` of a rank-r tensor to the end, and its inverse. */
function toLast(a: number, r: number): [number[], number[]] {
  const perm = [...Array.from({ length: r }, (_, i) => i).filter((i) => i !== a), a];
  const inverse = new Array<number>(r);
  perm.forEach((p, i) => {
    inverse[p] = i;
  });
  return [perm, inverse];
}

/**
 * out[i][j][k] = x[i][index[i][j][k]][k] for dim 1 (any rank), as torch.gather. index: int32 of
 * x's rank, no larger than x on the other axes. Differentiable in x (gradients add up at repeats).
 * @example
 * Each row's value at its label: [N, K], [N, 1] → [N, 1].
 * ```ts
 * const scores = tensor([[1, 2, 3], [4, 5, 6]]);
 * const labels = tensor([2, 0], undefined, { dtype: 'int32' });
 * console.log(gather(scores, 1, labels.unsqueeze(1))); // → tensor([[3.], [4.]])
 * ```
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const t = asTensor('gather', x);
  const idx = asTensor('gather', index, 'index');
  const d = normalizeAxis('gather', dim, t.rank);
  if (idx.rank !== t.rank || idx.shape.some((s, i) => i !== d && s > t.shape[i])) {
    throw new Error(
      `gather: index ${showShape(idx.shape)} must have x's rank and be no larger than x ${showShape(t.shape)} outside dim ${d}`,
    );
  }
  checkIndices('gather', idx, t.shape[d]);
  if (t.dtype === 'int32') return cast(gather(cast(t, 'float32'), d, idx), 'int32');
  // Cut x to index's extent outside dim, move dim last, pick with a one-hot mask (Where, so that
  // a NaN or infinity elsewhere in x never leaks into the picked values), then sum the mask away.
  const box = idx.shape.map((s, i) => (i === d ? t.shape[d] : s));
  const cut = box.every((s, i) => s === t.shape[i])
    ? t
    : slice(
        t,
        box.map(() => 0),
        box,
      );
  const [perm, inverse] = toLast(d, t.rank);
  const oneHot = runKernel('OneHot', { indices: permute(idx, perm) }, { depth: t.shape[d] });
  const picked = sum(where(oneHot, unsqueeze(permute(cut, perm), -2), 0), -1);
  return permute(picked, inverse);
}

/**
 * The entries of x at `index` (1-D int32) along dim, as torch.index_select. Differentiable in x.
 * Computed as a one-hot matrix product, so a NaN or infinity in x spreads to the other picked rows.
 * @example
 * An embedding lookup: [V, D], [K] → [K, D].
 * ```ts
 * const weight = tensor([[0, 0], [1, 1], [2, 2]]);
 * const ids = tensor([2, 2, 0], undefined, { dtype: 'int32' });
 * console.log(indexSelect(weight, 0, ids)); // → tensor([[2., 2.], [2., 2.], [0., 0.]])
 * ```
 */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  const t = asTensor('indexSelect', x);
  const idx = asTensor('indexSelect', index, 'index');
  const d = normalizeAxis('indexSelect', dim, t.rank);
  if (idx.rank > 1) throw new Error(`indexSelect: index must be 1-D, got ${showShape(idx.shape)}`);
  checkIndices('indexSelect', idx, t.shape[d]);
  if (t.dtype === 'int32') return cast(indexSelect(cast(t, 'float32'), d, idx), 'int32');
  const size = t.shape[d];
  // [K, D] one-hot rows times x with dim first, flattened to [D, rest].
  const front = [d, ...t.shape.map((_, i) => i).filter((i) => i !== d)];
  const moved = permute(t, front);
  const rest = moved.shape.slice(1);
  const oneHot = runKernel('OneHot', { indices: reshape(idx, [-1]) }, { depth: size });
  const picked = reshape(matmul(oneHot, reshape(moved, [size, sizeOf(rest)])), [-1, ...rest]);
  const back = new Array<number>(t.rank);
  front.forEach((p, i) => {
    back[p] = i;
  });
  return permute(picked, back);
}

/** A slice of one axis: start (inclusive), stop (exclusive), step > 0; negatives count from the end. */
export interface SliceSpec {
  start?: number | null;
  stop?: number | null;
  step?: number | null;
}

/**
 * One entry of an index: an integer (picks and drops the axis), a slice ('1:5:2', ':', '::-1' is
 * refused as in PyTorch, or a SliceSpec), '...' (the axes not named), null (a new axis of size 1),
 * or a 1-D int32 tensor (indexSelect on that axis).
 */
export type IndexSpec = number | string | SliceSpec | null | Tensor;

function parseSlice(spec: string): SliceSpec {
  const parts = spec.split(':');
  if (parts.length > 3) throw new Error(`index: '${spec}' is not a slice (start:stop:step)`);
  const num = (s: string | undefined) => {
    if (s === undefined || s.trim() === '') return null;
    const v = Number(s);
    if (!Number.isInteger(v)) throw new Error(`index: '${spec}' has a non-integer bound '${s}'`);
    return v;
  };
  return { start: num(parts[0]), stop: num(parts[1]), step: num(parts[2]) };
}

/** x[start:stop:step] on one axis (Python's clamping of out-of-range bounds). */
function sliceAxis(t: Tensor, axis: number, spec: SliceSpec): Tensor {
  const n = t.shape[axis];
  const step = spec.step ?? 1;
  if (!Number.isInteger(step) || step <= 0) {
    throw new Error(`index: step must be a positive integer (as in PyTorch), got ${step}`);
  }
  const bound = (v: number | null | undefined, dflt: number) => {
    if (v === null || v === undefined) return dflt;
    const w = v < 0 ? v + n : v;
    return Math.min(Math.max(w, 0), n);
  };
  const start = bound(spec.start, 0);
  const stop = Math.max(bound(spec.stop, n), start);
  const count = Math.ceil((stop - start) / step);
  if (start === 0 && count === n && step === 1) return t;
  const begin = t.shape.map((_, i) => (i === axis ? start : 0));
  const size = t.shape.map((d, i) => (i === axis ? (count - 1) * step + 1 : d));
  if (count === 0)
    return slice(
      t,
      begin,
      t.shape.map((d, i) => (i === axis ? 0 : d)),
    );
  const box = slice(t, begin, size);
  if (step === 1) return box;
  // Pad the box to count·step, view the axis as [count, step] and keep position 0 of each step.
  const padded = pad(
    box,
    t.shape.map((_, i) => [0, i === axis ? step - 1 : 0] as const),
  );
  const split = reshape(padded, [
    ...t.shape.slice(0, axis),
    count,
    step,
    ...t.shape.slice(axis + 1),
  ]);
  const picked = slice(
    split,
    split.shape.map(() => 0),
    split.shape.map((d, i) => (i === axis + 1 ? 1 : d)),
  );
  return reshape(
    picked,
    t.shape.map((d, i) => (i === axis ? count : d)),
  );
}

/**
 * PyTorch-style indexing, x[...] with one spec per axis (missing trailing axes are taken whole).
 * @example
 * ```ts
 * const x = arange(24).reshape([2, 3, 4]);
 * console.log(index(x, 0).shape); // x[0] drops axis 0: → [ 3, 4 ]
 * console.log(index(x, '...', '::2', -1)); // x[..., ::2, -1]: → tensor([[ 3., 11.], [15., 23.]])
 * console.log(index(x, ':', null).shape); // x[:, None]: → [ 2, 1, 3, 4 ]
 * ```
 */
export function index(x: Tensor, ...specs: readonly IndexSpec[]): Tensor {
  const t = asTensor('index', x);
  const ellipses = specs.filter((s) => s === '...').length;
  if (ellipses > 1) throw new Error('index: at most one ellipsis (...)');
  const consuming = specs.filter((s) => s !== null && s !== '...').length;
  if (consuming > t.rank) {
    throw new Error(
      `index: ${consuming} indices for a tensor of rank ${t.rank} ${showShape(t.shape)}`,
    );
  }
  const expanded: IndexSpec[] = [];
  for (const s of specs) {
    if (s === '...') for (let i = 0; i < t.rank - consuming; i++) expanded.push(':');
    else expanded.push(s);
  }
  let out = t;
  let axis = 0;
  const finalShape: number[] = [];
  for (const spec of expanded) {
    if (spec === null) {
      finalShape.push(1);
      continue;
    }
    const n = out.shape[axis];
    if (typeof spec === 'number') {
      if (!Number.isInteger(spec) || spec < -n || spec >= n) {
        throw new Error(`index: index ${spec} is out of range for axis ${axis} of size ${n}`);
      }
      const i = spec < 0 ? spec + n : spec;
      out = sliceAxis(out, axis, { start: i, stop: i + 1 });
    } else if (spec instanceof Tensor) {
      if (spec.rank !== 1)
        throw new Error(`index: tensor indices must be 1-D int32, got ${showShape(spec.shape)}`);
      out = indexSelect(out, axis, spec);
      finalShape.push(out.shape[axis]);
    } else {
      out = sliceAxis(out, axis, typeof spec === 'string' ? parseSlice(spec) : spec);
      finalShape.push(out.shape[axis]);
    }
    axis++;
  }
  finalShape.push(...out.shape.slice(axis));
  return reshape(out, finalShape);
}

/** Options of sort. */
export interface SortOptions {
  dim?: number;
  descending?: boolean;
}

/** Per-row argsort along the last axis of a [rows, n] host array; NaN sorts as the largest. */
function argsortRows(
  values: ArrayLike<number>,
  rows: number,
  n: number,
  descending: boolean,
  k: number,
): Int32Array {
  const out = new Int32Array(rows * k);
  const order = Array.from({ length: n }, (_, i) => i);
  const key = (v: number) => (Number.isNaN(v) ? Number.POSITIVE_INFINITY : v);
  for (let r = 0; r < rows; r++) {
    const row = (i: number) => values[r * n + i];
    for (let i = 0; i < n; i++) order[i] = i;
    // A stable sort: equal values keep their order (NaN after +Infinity when ascending).
    order.sort((i, j) => {
      const a = key(row(i));
      const b = key(row(j));
      const nanOrder = +Number.isNaN(row(i)) - +Number.isNaN(row(j));
      const cmp = a < b ? -1 : a > b ? 1 : nanOrder;
      return descending ? -cmp : cmp;
    });
    for (let i = 0; i < k; i++) out[r * k + i] = order[i];
  }
  return out;
}

/** Indices (int32) ordering the k first values along `d`, computed on the host. */
function orderIndices(t: Tensor, d: number, descending: boolean, k: number): Tensor {
  const [perm, inverse] = toLast(d, t.rank);
  const moved = permute(t, perm);
  const n = t.shape[d];
  const rows = n === 0 ? 0 : moved.size / n;
  const idx = argsortRows(moved.dataSync(), rows, n, descending, k);
  if (moved !== t) moved.dispose();
  const shape = [...moved.shape.slice(0, -1), k];
  return permute(Tensor.fromValues(idx, shape, 'int32', t.backend), inverse);
}

/**
 * Sorts along `dim` (the last by default) -> [values, indices (int32)], as torch.sort. Stable; NaN
 * sorts as the largest. The order is computed on the host; values are differentiable.
 */
export function sort(x: Tensor, opts: SortOptions = {}): [Tensor, Tensor] {
  const t = asTensor('sort', x);
  if (t.rank === 0)
    return [reshape(t, []), Tensor.fromValues(new Int32Array(1), [], 'int32', t.backend)];
  const d = normalizeAxis('sort', opts.dim ?? -1, t.rank);
  const indices = orderIndices(t, d, opts.descending ?? false, t.shape[d]);
  return [gather(t, d, indices), indices];
}

/** Options of topk. */
export interface TopkOptions {
  dim?: number;
  /** The k largest (default) or smallest. */
  largest?: boolean;
}

/**
 * The k largest (or smallest) values along `dim` (the last by default), sorted -> [values,
 * indices (int32)], as torch.topk. Values are differentiable.
 * @example
 * ```ts
 * const [values, indices] = topk(tensor([[1, 9, 3, 7]]), 2); // [N, K] → [N, k], [N, k]
 * console.log(values, indices); // → tensor([[9., 7.]]) tensor([[1, 3]], dtype=int32)
 * ```
 */
export function topk(x: Tensor, k: number, opts: TopkOptions = {}): [Tensor, Tensor] {
  const t = asTensor('topk', x);
  const d = normalizeAxis('topk', opts.dim ?? -1, Math.max(t.rank, 1));
  const n = t.rank === 0 ? 1 : t.shape[d];
  if (!Number.isInteger(k) || k < 0 || k > n) {
    throw new Error(
      `topk: k must be an integer in [0, ${n}] for dim ${d} of ${showShape(t.shape)}, got ${k}`,
    );
  }
  if (t.rank === 0) return sort(t);
  const indices = orderIndices(t, d, opts.largest ?? true, k);
  return [gather(t, d, indices), indices];
}

/**
 * Running sums along `dim`, as torch.cumsum. Computed as a product with a triangular matrix of
 * ones (O(n²) per row along dim, fine for the axis lengths of activations), differentiable.
 * @example
 * ```ts
 * console.log(cumsum(tensor([1, 2, 3]), 0)); // → tensor([1., 3., 6.])
 * ```
 */
export function cumsum(x: Tensor, dim: number): Tensor {
  const t = asTensor('cumsum', x);
  if (t.rank === 0) return reshape(t, []);
  const d = normalizeAxis('cumsum', dim, t.rank);
  if (t.dtype === 'int32') return cast(cumsum(cast(t, 'float32'), d), 'int32');
  const n = t.shape[d];
  const upper = new Float32Array(n * n);
  for (let j = 0; j < n; j++) for (let i = j; i < n; i++) upper[j * n + i] = 1;
  const tri = Tensor.fromValues(upper, [n, n], 'float32', t.backend);
  const [perm, inverse] = toLast(d, t.rank);
  return permute(matmul(permute(t, perm), tri), inverse);
}
