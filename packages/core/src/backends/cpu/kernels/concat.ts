import type { KernelFn } from '../../../kernels.js';
import { sizeOf } from '../../../shape/shape.js';
import type { CpuBackend } from '../cpu-backend.js';

// xs joined along axis -> outShape
export const concat: KernelFn<CpuBackend, 'Concat'> = (b, { xs }, { axis, outShape }) => {
  const { values: y, info } = b.empty(outShape, xs[0].dtype);
  // Each input is [outer, its axis size × inner]; rows interleave in the output.
  const outer = sizeOf(outShape.slice(0, axis));
  const inner = sizeOf(outShape.slice(axis + 1));
  const outRow = outShape[axis] * inner;
  let offset = 0;
  for (const x of xs) {
    const xv = b.data(x);
    const row = x.shape[axis] * inner;
    for (let o = 0; o < outer; o++) y.set(xv.subarray(o * row, (o + 1) * row), o * outRow + offset);
    offset += row;
  }
  return info;
};
