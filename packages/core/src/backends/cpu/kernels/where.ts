import type { KernelFn } from '../../../kernels.js';
import type { CpuBackend } from '../cpu-backend.js';

// condition, a, b: [...S] -> [...S], a[i] where condition[i] != 0, else b[i] (a's dtype)
export const where: KernelFn<CpuBackend, 'Where'> = (b, { condition, a, b: other }) => {
  const { values, info } = b.empty(a.shape, a.dtype);
  const c = b.data(condition);
  const x = b.data(a);
  const y = b.data(other);
  for (let i = 0; i < values.length; i++) values[i] = c[i] !== 0 ? x[i] : y[i];
  return info;
};
