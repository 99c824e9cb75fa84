import type { KernelFn } from '../../../kernels.js';
import { stridesOf } from '../../../shape/shape.js';
import type { CpuBackend } from '../cpu-backend.js';

// x -> x with axes permuted: out.shape[i] = x.shape[perm[i]]
export const transpose: KernelFn<CpuBackend, 'Transpose'> = (b, { x }, { perm, outShape }) => {
  const { values: y, info } = b.empty(outShape, x.dtype);
  const xv = b.data(x);
  const inStrides = stridesOf(x.shape);
  // Walk the output in order; src strides are the input strides of the permuted axes.
  const srcStrides = perm.map((p) => inStrides[p]);
  const rank = outShape.length;
  if (rank === 2) {
    const [rows, cols] = outShape;
    const [s0, s1] = srcStrides;
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) y[i * cols + j] = xv[i * s0 + j * s1];
    return info;
  }
  const index = new Array<number>(rank).fill(0);
  let src = 0;
  const inner = outShape[rank - 1];
  const innerStride = srcStrides[rank - 1];
  for (let o = 0; o < y.length; o += inner) {
    for (let j = 0; j < inner; j++) y[o + j] = xv[src + j * innerStride];
    for (let d = rank - 2; d >= 0; d--) {
      index[d]++;
      src += srcStrides[d];
      if (index[d] < outShape[d]) break;
      src -= srcStrides[d] * outShape[d];
      index[d] = 0;
    }
  }
  return info;
};
