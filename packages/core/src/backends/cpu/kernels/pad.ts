import type { KernelFn } from '../../../kernels.js';
import { stridesOf } from '../../../shape/shape.js';
import type { CpuBackend } from '../cpu-backend.js';

// x -> x surrounded by `value`: paddings[i] = [before, after]
export const pad: KernelFn<CpuBackend, 'Pad'> = (b, { x }, { paddings, value, outShape }) => {
  const { values: y, info } = b.empty(outShape, x.dtype, value === 0);
  if (value !== 0) y.fill(value);
  const xv = b.data(x);
  const rank = x.shape.length;
  if (xv.length === 0) return info;
  if (rank === 0) {
    y[0] = xv[0];
    return info;
  }
  const outStrides = stridesOf(outShape);
  const index = new Array<number>(rank).fill(0);
  let dst = paddings.reduce((s, p, i) => s + p[0] * outStrides[i], 0);
  const inner = x.shape[rank - 1];
  for (let o = 0; o < xv.length; o += inner) {
    y.set(xv.subarray(o, o + inner), dst);
    for (let d = rank - 2; d >= 0; d--) {
      index[d]++;
      dst += outStrides[d];
      if (index[d] < x.shape[d]) break;
      dst -= outStrides[d] * x.shape[d];
      index[d] = 0;
    }
  }
  return info;
};
