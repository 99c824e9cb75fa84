import { type KernelFn, sizeOf } from '@digitnet/core';
import { kernelSource } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';

// x -> x as dtype (float -> int truncates towards zero, as typed arrays do)
export const cast: KernelFn<GpuBackend, 'Cast'> = (b, { x }, { dtype }) => {
  const size = sizeOf(x.shape);
  const toInt = dtype === 'int32' && x.dtype === 'float32';
  const value = toInt ? 'Math.trunc(x[this.thread.x])' : 'x[this.thread.x]';
  const source = () => ({ source: kernelSource(['x'], [`return ${value};`]) });
  return b.run(`Cast ${toInt ? 'trunc' : 'copy'} ${size}`, source, [x], x.shape, dtype);
};
