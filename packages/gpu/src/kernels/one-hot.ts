import { type KernelFn, sizeOf } from '@digitnet/core';
import { kernelSource } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';

// int32 [...S] -> float32 [...S, depth]: out[s, k] = indices[s] == k
export const oneHot: KernelFn<GpuBackend, 'OneHot'> = (b, { indices }, { depth }) => {
  const shape = [...indices.shape, depth];
  const size = sizeOf(shape);
  const source = () => ({
    source: kernelSource(
      ['indices'],
      [
        'const i = this.thread.x;',
        `const s = Math.floor((i + 0.5) / ${depth});`,
        `const k = i - s * ${depth};`,
        'return indices[s] === k ? 1 : 0;',
      ],
    ),
  });
  return b.run(`OneHot ${size} ${depth}`, source, [indices], shape, 'float32');
};
