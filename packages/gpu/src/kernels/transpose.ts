import { type KernelFn, stridesOf } from '@digitnet/core';
import { coords, dot, kernelSource, unravel } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';

// x -> x with axes permuted: out.shape[i] = x.shape[perm[i]]
export const transpose: KernelFn<GpuBackend, 'Transpose'> = (b, { x }, { perm, outShape }) => {
  const source = () => {
    const inStrides = stridesOf(x.shape);
    // Walking the output, each coordinate steps the input by its source axis's stride.
    const src = dot(
      coords('c', perm.length),
      perm.map((p) => inStrides[p]),
    );
    const body = ['const i = this.thread.x;', ...unravel('i', outShape, 'c'), `return x[${src}];`];
    return { source: kernelSource(['x'], body) };
  };
  return b.run(`Transpose [${x.shape}] [${perm}]`, source, [x], outShape, x.dtype);
};
