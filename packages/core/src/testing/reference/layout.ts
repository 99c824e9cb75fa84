// Reference shape ops and matrix products in float64: reshape, permute, slice, pad, concat, matmul.
import {
  axisOf,
  broadcastShape,
  broadcastSource,
  type Nd,
  nd,
  numel,
  ravel,
  unravel,
  withShape,
} from './nd.js';

/** The same values in a new shape; one entry may be -1. */
export function reshape(x: Nd, shape: readonly number[]): Nd {
  const known = numel(shape.filter((d) => d !== -1));
  return withShape(
    x,
    shape.map((d) => (d === -1 ? x.data.length / known : d)),
  );
}

/** Merges axes startDim..endDim into one. */
export function flatten(x: Nd, startDim = 0, endDim = -1): Nd {
  if (x.shape.length === 0) return withShape(x, [1]);
  const s = axisOf(startDim, x.shape.length);
  const e = axisOf(endDim, x.shape.length);
  return withShape(x, [
    ...x.shape.slice(0, s),
    numel(x.shape.slice(s, e + 1)),
    ...x.shape.slice(e + 1),
  ]);
}

/** out.shape[i] = x.shape[perm[i]]. */
export function permute(x: Nd, perm: readonly number[]): Nd {
  const p = perm.map((a) => axisOf(a, x.shape.length));
  const shape = p.map((a) => x.shape[a]);
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < out.length; i++) {
    const idx = unravel(i, shape);
    const src = new Array<number>(idx.length);
    p.forEach((a, j) => {
      src[a] = idx[j];
    });
    out[i] = x.data[ravel(src, x.shape)];
  }
  return nd(shape, out, x.dtype);
}

/** Swaps two axes (the last two by default). */
export function transpose(x: Nd, dim0 = -2, dim1 = -1): Nd {
  const rank = x.shape.length;
  if (rank < 2) return withShape(x, x.shape);
  const a = axisOf(dim0, rank);
  const b = axisOf(dim1, rank);
  return permute(
    x,
    x.shape.map((_, i) => (i === a ? b : i === b ? a : i)),
  );
}

/** The box begin .. begin + size (size -1: to the end). */
export function slice(x: Nd, begin: readonly number[], size?: readonly number[]): Nd {
  const sz = x.shape.map((d, i) => (size === undefined || size[i] === -1 ? d - begin[i] : size[i]));
  const out = new Float64Array(numel(sz));
  for (let i = 0; i < out.length; i++) {
    const idx = unravel(i, sz).map((v, a) => v + begin[a]);
    out[i] = x.data[ravel(idx, x.shape)];
  }
  return nd(sz, out, x.dtype);
}

/** Constant padding, paddings[i] = [before, after]. */
export function pad(x: Nd, paddings: readonly (readonly [number, number])[], value = 0): Nd {
  const shape = x.shape.map((d, i) => d + paddings[i][0] + paddings[i][1]);
  const out = new Float64Array(numel(shape)).fill(value);
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape).map((v, a) => v + paddings[a][0]);
    out[ravel(idx, shape)] = x.data[i];
  }
  return nd(shape, out, x.dtype);
}

/** Joins arrays along `axis`. */
export function concat(xs: readonly Nd[], axis = 0): Nd {
  const a = axisOf(axis, xs[0].shape.length);
  const shape = [...xs[0].shape];
  shape[a] = xs.reduce((s, x) => s + x.shape[a], 0);
  const out = new Float64Array(numel(shape));
  let offset = 0;
  for (const x of xs) {
    for (let i = 0; i < x.data.length; i++) {
      const idx = unravel(i, x.shape);
      idx[a] += offset;
      out[ravel(idx, shape)] = x.data[i];
    }
    offset += x.shape[a];
  }
  return nd(shape, out, xs[0].dtype);
}

/** Stacks same-shaped arrays along a new axis. */
export function stack(xs: readonly Nd[], axis = 0): Nd {
  const rank = xs[0].shape.length + 1;
  const a = axisOf(axis, rank);
  const expanded = xs.map((x) => withShape(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)]));
  return concat(expanded, a);
}

/** Matrix product with PyTorch's rules: 1-D operands promoted then squeezed, batch axes broadcast. */
export function matmul(a: Nd, b: Nd): Nd {
  const as = a.shape.length === 1 ? [1, a.shape[0]] : [...a.shape];
  const bs = b.shape.length === 1 ? [b.shape[0], 1] : [...b.shape];
  const [m, k] = as.slice(-2);
  const [k2, n] = bs.slice(-2);
  if (k !== k2) throw new Error(`reference matmul: inner sizes ${k} and ${k2} differ`);
  const aBatch = as.slice(0, -2);
  const bBatch = bs.slice(0, -2);
  const batch = broadcastShape(aBatch, bBatch);
  const out = new Float64Array(numel(batch) * m * n);
  for (let s = 0; s < numel(batch); s++) {
    const idx = unravel(s, batch);
    const aOff = broadcastSource(idx, aBatch) * m * k;
    const bOff = broadcastSource(idx, bBatch) * k * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let p = 0; p < k; p++) acc += a.data[aOff + i * k + p] * b.data[bOff + p * n + j];
        out[(s * m + i) * n + j] = acc;
      }
    }
  }
  const shape = [
    ...batch,
    ...(a.shape.length === 1 ? [] : [m]),
    ...(b.shape.length === 1 ? [] : [n]),
  ];
  return nd(shape, out);
}
