import { type KernelFn, sizeOf } from '@digitnet/core';
import { kernelSource } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';

// () -> [shape] filled with value (a uniform: a new value compiles nothing)
export const fill: KernelFn<GpuBackend, 'Fill'> = (b, _inputs, { shape, value, dtype }) => {
  const size = sizeOf(shape);
  const source = () => ({ source: kernelSource(['v'], ['return v;']) });
  return b.run(`Fill ${size}`, source, [value], shape, dtype);
};
