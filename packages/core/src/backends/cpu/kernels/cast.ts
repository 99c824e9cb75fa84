import type { KernelFn } from '../../../kernels.js';
import type { CpuBackend } from '../cpu-backend.js';

// x -> x as dtype (float -> int truncates towards zero, as typed arrays do)
export const cast: KernelFn<CpuBackend, 'Cast'> = (b, { x }, { dtype }) => {
  const { values, info } = b.empty(x.shape, dtype);
  const src = b.data(x);
  if (dtype === 'int32') for (let i = 0; i < src.length; i++) values[i] = Math.trunc(src[i]);
  else values.set(src);
  return info;
};
