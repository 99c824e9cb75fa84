import type { KernelFn } from '../../../kernels.js';
import type { CpuBackend } from '../cpu-backend.js';

// int32 [...S] -> float32 [...S, depth]
export const oneHot: KernelFn<CpuBackend, 'OneHot'> = (b, { indices }, { depth }) => {
  const { values: y, info } = b.empty([...indices.shape, depth], 'float32', true);
  const idx = b.data(indices);
  for (let i = 0; i < idx.length; i++) {
    const k = idx[i];
    if (k >= 0 && k < depth) y[i * depth + k] = 1;
  }
  return info;
};
