// Reference reductions in float64: sum, mean, max, min over any axes, argmax/argmin over one.
import { axisOf, type Nd, nd, numel, ravel, unravel } from './nd.js';

/** Axes to reduce: one, several, or all when undefined. */
export type RefAxes = number | readonly number[] | undefined;

function axesOf(axes: RefAxes, rank: number): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : [...axes];
  return [...new Set(list.map((a) => axisOf(a, rank)))];
}

function outShapeOf(
  shape: readonly number[],
  axes: readonly number[],
  keepDims: boolean,
): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepDims) out.push(1);
  });
  return out;
}

/** sum/mean/max/min of x over `axes` (all by default). */
export function reduce(
  op: 'sum' | 'mean' | 'max' | 'min',
  x: Nd,
  axes: RefAxes,
  keepDims = false,
): Nd {
  const ax = axesOf(axes, x.shape.length);
  const kept = x.shape.map((d, i) => (ax.includes(i) ? 1 : d));
  const count = numel(ax.map((a) => x.shape[a]));
  const init = op === 'max' ? -Infinity : op === 'min' ? Infinity : 0;
  const acc = new Float64Array(numel(kept)).fill(init);
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape);
    const o = ravel(
      idx.map((v, a) => (ax.includes(a) ? 0 : v)),
      kept,
    );
    const v = x.data[i];
    if (op === 'max') acc[o] = Math.max(acc[o], v);
    else if (op === 'min') acc[o] = Math.min(acc[o], v);
    else acc[o] += v;
  }
  if (op === 'mean') for (let i = 0; i < acc.length; i++) acc[i] /= count;
  return nd(outShapeOf(x.shape, ax, keepDims), acc, x.dtype);
}

/** Index (int32) of the first largest/smallest value along `axis`, or into the flattened x. */
export function argReduce(
  op: 'argmax' | 'argmin',
  x: Nd,
  axis: number | undefined,
  keepDims = false,
): Nd {
  if (axis === undefined) {
    let best = 0;
    for (let i = 1; i < x.data.length; i++) {
      if (op === 'argmax' ? x.data[i] > x.data[best] : x.data[i] < x.data[best]) best = i;
    }
    return nd(keepDims ? x.shape.map(() => 1) : [], Float64Array.of(best), 'int32');
  }
  const a = axisOf(axis, x.shape.length);
  const kept = x.shape.map((d, i) => (i === a ? 1 : d));
  const out = new Float64Array(numel(kept));
  for (let o = 0; o < out.length; o++) {
    const idx = unravel(o, kept);
    let best = 0;
    let bestValue = x.data[ravel(idx, x.shape)];
    for (let k = 1; k < x.shape[a]; k++) {
      idx[a] = k;
      const v = x.data[ravel(idx, x.shape)];
      if (op === 'argmax' ? v > bestValue : v < bestValue) {
        best = k;
        bestValue = v;
      }
    }
    out[o] = best;
  }
  return nd(outShapeOf(x.shape, [a], keepDims), out, 'int32');
}
