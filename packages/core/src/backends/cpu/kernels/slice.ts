import type { KernelFn } from '../../../kernels.js';
import { stridesOf } from '../../../shape/shape.js';
import type { CpuBackend } from '../cpu-backend.js';

// x -> the box begin .. begin + size
export const slice: KernelFn<CpuBackend, 'Slice'> = (b, { x }, { begin, size }) => {
  const { values: y, info } = b.empty(size, x.dtype);
  const xv = b.data(x);
  const rank = size.length;
  if (y.length === 0) return info;
  if (rank === 0) {
    y[0] = xv[0];
    return info;
  }
  const strides = stridesOf(x.shape);
  const index = new Array<number>(rank).fill(0);
  let src = begin.reduce((s, v, i) => s + v * strides[i], 0);
  const inner = size[rank - 1];
  for (let o = 0; o < y.length; o += inner) {
    y.set(xv.subarray(src, src + inner), o);
    for (let d = rank - 2; d >= 0; d--) {
      index[d]++;
      src += strides[d];
      if (index[d] < size[d]) break;
      src -= strides[d] * size[d];
      index[d] = 0;
    }
  }
  return info;
};
