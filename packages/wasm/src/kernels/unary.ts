import { cpuKernels, type KernelFn, type UnaryOp } from '@digitnet/core';
import { read, write } from '../arena.js';
import type { WasmBackend } from '../wasm-backend.js';
import { elementwiseThreads } from './binary.js';

const codes: Partial<Record<UnaryOp, number>> = { relu: 0, step: 1 };

// x -> op(x). relu and step (its derivative, which training's backward pass uses) on float32 in
// wasm; every other function and dtype: the CPU kernel.
export const unary: KernelFn<WasmBackend, 'Unary'> = (backend, inputs, attrs) => {
  const code = codes[attrs.op];
  const { x } = inputs;
  const xv = backend.data(x);
  if (code === undefined || !(xv instanceof Float32Array) || xv.length < 16) {
    return cpuKernels.Unary(backend, inputs, attrs);
  }
  const y = backend.empty(x.shape, 'float32');
  const { arena } = backend;
  const [px, py] = arena.place([read(xv), write(y.values)]);
  backend.run('unaryPart', [code, px, py, xv.length], elementwiseThreads(backend, xv.length));
  arena.finish();
  return y.info;
};
