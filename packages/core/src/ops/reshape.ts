// Shape-changing ops: reshape, flatten, squeeze/unsqueeze, permute/transpose, slice, pad, concat.
import { record } from '../autograd.js';
import { runKernel } from '../engine.js';
import { normalizeAxis, paddedShape, permutedShape, showShape, sizeOf } from '../shape/shape.js';
import type { Tensor } from '../tensor.js';
import { asTensor } from './operand.js';

/**
 * The same values with a new shape (one dimension may be -1 to be inferred). Shares memory.
 * @example
 * ```ts
 * console.log(reshape(zeros([8, 1, 28, 28]), [-1, 784]).shape); // → [ 8, 784 ]
 * ```
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const t = asTensor('reshape', x);
  const inferred = inferShape(t, shape);
  const out = t.viewAs(inferred);
  return record('reshape', [t], out, [], (dy) => [reshape(dy, t.shape)]);
}

function inferShape(t: Tensor, shape: readonly number[]): number[] {
  const unknown = shape.filter((d) => d === -1).length;
  const bad = shape.find((d) => !Number.isInteger(d) || d < -1);
  if (unknown > 1 || bad !== undefined) {
    throw new Error(
      `reshape: invalid target shape ${showShape(shape)} (integers >= 0, at most one -1)`,
    );
  }
  const known = sizeOf(shape.filter((d) => d !== -1));
  const out = shape.map((d) => (d === -1 ? (known === 0 ? 0 : t.size / known) : d));
  if (sizeOf(out) !== t.size || !out.every(Number.isInteger)) {
    throw new Error(
      `reshape: cannot reshape ${showShape(t.shape)} (${t.size} elements) into ${showShape(shape)}`,
    );
  }
  return out;
}

/** Merges axes startDim..endDim into one, like torch.flatten (defaults: all axes). */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  const t = asTensor('flatten', x);
  if (t.rank === 0) return reshape(t, [1]);
  const s = normalizeAxis('flatten', startDim, t.rank);
  const e = normalizeAxis('flatten', endDim, t.rank);
  if (s > e) throw new Error(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  return reshape(t, [
    ...t.shape.slice(0, s),
    sizeOf(t.shape.slice(s, e + 1)),
    ...t.shape.slice(e + 1),
  ]);
}

/** Removes size-1 axes (all of them, or the one given when it has size 1). */
export function squeeze(x: Tensor, axis?: number): Tensor {
  const t = asTensor('squeeze', x);
  if (axis === undefined)
    return reshape(
      t,
      t.shape.filter((d) => d !== 1),
    );
  const a = normalizeAxis('squeeze', axis, t.rank);
  return t.shape[a] === 1
    ? reshape(
        t,
        t.shape.filter((_, i) => i !== a),
      )
    : reshape(t, t.shape);
}

/** Inserts a size-1 axis at `axis` (−1 appends). */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  const t = asTensor('unsqueeze', x);
  const a = normalizeAxis('unsqueeze', axis, t.rank + 1);
  return reshape(t, [...t.shape.slice(0, a), 1, ...t.shape.slice(a)]);
}

/** A copy with its own memory. */
export function clone(x: Tensor): Tensor {
  const t = asTensor('clone', x);
  const out = runKernel('Slice', { x: t }, { begin: t.shape.map(() => 0), size: t.shape });
  return record('clone', [t], out, [], (dy) => [dy]);
}

/**
 * Reorders axes: out.shape[i] = x.shape[perm[i]].
 * @example
 * ```ts
 * const nchw = zeros([8, 3, 32, 32]);
 * console.log(permute(nchw, [0, 2, 3, 1]).shape); // NHWC: → [ 8, 32, 32, 3 ]
 * ```
 */
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  const t = asTensor('permute', x);
  const p = perm.map((a) => normalizeAxis('permute', a, t.rank));
  if (p.length !== t.rank || new Set(p).size !== p.length) {
    throw new Error(
      `permute: [${perm.join(', ')}] is not a permutation of the ${t.rank} axes of ${showShape(t.shape)}`,
    );
  }
  if (p.every((a, i) => a === i)) return reshape(t, t.shape);
  const out = runKernel('Transpose', { x: t }, { perm: p, outShape: permutedShape(t.shape, p) });
  const inverse = new Array<number>(p.length);
  p.forEach((a, i) => {
    inverse[a] = i;
  });
  return record('permute', [t], out, [], (dy) => [permute(dy, inverse)]);
}

/** Swaps two axes (the last two by default, a matrix transpose). */
export function transpose(x: Tensor, dim0 = -2, dim1 = -1): Tensor {
  const t = asTensor('transpose', x);
  if (t.rank < 2) return reshape(t, t.shape);
  const a = normalizeAxis('transpose', dim0, t.rank);
  const b = normalizeAxis('transpose', dim1, t.rank);
  const perm = t.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return permute(t, perm);
}

/**
 * A box of x starting at `begin` with `size` (−1: to the end) on each axis.
 * @example
 * ```ts
 * const x = arange(12).reshape([2, 6]);
 * console.log(slice(x, [0, 2], [-1, 3])); // columns 2..4: → tensor([[ 2., 3., 4.], [ 8., 9., 10.]])
 * ```
 */
export function slice(x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  const t = asTensor('slice', x);
  if (begin.length !== t.rank || (size && size.length !== t.rank)) {
    throw new Error(`slice: begin and size need ${t.rank} entries for shape ${showShape(t.shape)}`);
  }
  const sz = t.shape.map((d, i) => {
    const s = size?.[i] ?? -1;
    return s === -1 ? d - begin[i] : s;
  });
  t.shape.forEach((d, i) => {
    if (
      !Number.isInteger(begin[i]) ||
      !Number.isInteger(sz[i]) ||
      begin[i] < 0 ||
      sz[i] < 0 ||
      begin[i] + sz[i] > d
    ) {
      throw new Error(
        `slice: begin [${begin.join(', ')}] size [${sz.join(', ')}] is outside ${showShape(t.shape)} on axis ${i}`,
      );
    }
  });
  const out = runKernel('Slice', { x: t }, { begin, size: sz });
  return record('slice', [t], out, [], (dy) => {
    const paddings = t.shape.map((d, i) => [begin[i], d - begin[i] - sz[i]] as const);
    return [runKernel('Pad', { x: dy }, { paddings, value: 0, outShape: t.shape })];
  });
}

/** Constant padding: paddings[i] = [before, after] for axis i. */
export function pad(
  x: Tensor,
  paddings: readonly (readonly [number, number])[],
  value = 0,
): Tensor {
  const t = asTensor('pad', x);
  if (
    paddings.length !== t.rank ||
    paddings.some((p) => p.some((v) => !Number.isInteger(v) || v < 0))
  ) {
    throw new Error(
      `pad: need ${t.rank} pairs of non-negative integers for shape ${showShape(t.shape)}`,
    );
  }
  const out = runKernel(
    'Pad',
    { x: t },
    { paddings, value, outShape: paddedShape(t.shape, paddings) },
  );
  return record('pad', [t], out, [], (dy) => [
    runKernel('Slice', { x: dy }, { begin: paddings.map((p) => p[0]), size: t.shape }),
  ]);
}

/** Joins tensors along `axis`; every other axis must agree. */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0)
    throw new Error('concat: needs a non-empty array of tensors');
  const ts = xs.map((x, i) => asTensor('concat', x, `tensor ${i}`));
  const first = ts[0];
  const a = normalizeAxis('concat', axis, first.rank);
  for (const t of ts) {
    if (
      t.rank !== first.rank ||
      t.dtype !== first.dtype ||
      t.shape.some((d, i) => i !== a && d !== first.shape[i])
    ) {
      throw new Error(
        `concat: shapes ${ts.map((u) => `${showShape(u.shape)} ${u.dtype}`).join(', ')} differ outside axis ${a}`,
      );
    }
  }
  const outShape = first.shape.map((d, i) =>
    i === a ? ts.reduce((s, t) => s + t.shape[a], 0) : d,
  );
  const out = runKernel('Concat', { xs: ts }, { axis: a, outShape });
  return record('concat', ts, out, [], (dy) => {
    let offset = 0;
    return ts.map((t) => {
      const begin = t.shape.map((_, i) => (i === a ? offset : 0));
      offset += t.shape[a];
      return runKernel('Slice', { x: dy }, { begin, size: t.shape });
    });
  });
}

/** Stacks same-shaped tensors along a new axis. */
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0)
    throw new Error('stack: needs a non-empty array of tensors');
  return concat(
    xs.map((x) => unsqueeze(x, axis < 0 ? axis + x.rank + 1 : axis)),
    axis,
  );
}
