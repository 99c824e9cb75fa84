import type { KernelFn } from '../../../kernels.js';
import type { CpuBackend } from '../cpu-backend.js';

// x viewed as [outer, reduce, inner] -> [outer, inner]
export const reduce: KernelFn<CpuBackend, 'Reduce'> = (
  b,
  { x },
  { op, outer, reduce: r, inner, outShape },
) => {
  const isArg = op === 'argmax' || op === 'argmin';
  const { values: y, info } = b.empty(outShape, isArg ? 'int32' : x.dtype);
  const xv = b.data(x);
  if (op === 'sum') {
    // Float64 accumulators: long sums (e.g. over a batch's pixels) keep float32 accuracy.
    const acc = new Float64Array(inner);
    for (let o = 0; o < outer; o++) {
      acc.fill(0);
      const base = o * r * inner;
      for (let k = 0; k < r; k++) {
        const row = base + k * inner;
        for (let i = 0; i < inner; i++) acc[i] += xv[row + i];
      }
      for (let i = 0; i < inner; i++) y[o * inner + i] = acc[i];
    }
    return info;
  }
  const wantMax = op === 'max' || op === 'argmax';
  for (let o = 0; o < outer; o++) {
    const base = o * r * inner;
    for (let i = 0; i < inner; i++) {
      let best = xv[base + i];
      let bestK = 0;
      for (let k = 1; k < r; k++) {
        const v = xv[base + k * inner + i];
        // NaN wins, as in PyTorch; otherwise the first extreme wins ties.
        if (Number.isNaN(best)) break;
        if (Number.isNaN(v) || (wantMax ? v > best : v < best)) {
          best = v;
          bestK = k;
        }
      }
      y[o * inner + i] = isArg ? bestK : best;
    }
  }
  return info;
};
