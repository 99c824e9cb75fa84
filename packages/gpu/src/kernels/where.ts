import { type KernelFn, sizeOf } from '@digitnet/core';
import { kernelSource } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';

// condition, a, b: [...S] -> [...S], a[i] where condition[i] != 0, else b[i] (a's dtype)
export const where: KernelFn<GpuBackend, 'Where'> = (backend, { condition, a, b }) => {
  const size = sizeOf(a.shape);
  const source = () => ({
    source: kernelSource(
      ['c', 'a', 'b'],
      ['const i = this.thread.x;', 'return c[i] !== 0 ? a[i] : b[i];'],
    ),
  });
  return backend.run(`Where ${a.dtype} ${size}`, source, [condition, a, b], a.shape, a.dtype);
};
