import type { KernelFn } from '../../../kernels.js';
import type { CpuBackend } from '../cpu-backend.js';

// () -> [shape] filled with value
export const fill: KernelFn<CpuBackend, 'Fill'> = (b, _inputs, { shape, value, dtype }) => {
  const { values, info } = b.empty(shape, dtype, value === 0);
  if (value !== 0) values.fill(value);
  return info;
};
