import { type KernelFn, stridesOf } from '@digitnet/core';
import { coords, dot, kernelSource, unravel } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';

// x -> the box begin .. begin + size
export const slice: KernelFn<GpuBackend, 'Slice'> = (b, { x }, { begin, size }) => {
  const source = () => {
    const inStrides = stridesOf(x.shape);
    const start = begin.reduce((s, v, i) => s + v * inStrides[i], 0);
    const src = dot(coords('c', size.length), inStrides);
    const at = start === 0 ? src : src === '0' ? `${start}` : `${start} + ${src}`;
    const body = ['const i = this.thread.x;', ...unravel('i', size, 'c'), `return x[${at}];`];
    return { source: kernelSource(['x'], body) };
  };
  return b.run(`Slice [${x.shape}] [${begin}] [${size}]`, source, [x], size, x.dtype);
};
