import { cpuKernels, type KernelFn } from '@digitnet/core';
import { read, scratch, write } from '../arena.js';
import type { WasmBackend } from '../wasm-backend.js';

// x viewed as [outer, reduce, inner] -> [outer, inner]. float32 sums in wasm (float64 accumulators,
// as the CPU kernel); max, min, arg* and int32: the CPU kernel.
export const reduce: KernelFn<WasmBackend, 'Reduce'> = (backend, inputs, attrs) => {
  const { op, outer, reduce: r, inner, outShape } = attrs;
  const xv = backend.data(inputs.x);
  if (op !== 'sum' || !(xv instanceof Float32Array) || xv.length < 16) {
    return cpuKernels.Reduce(backend, inputs, attrs);
  }
  const y = backend.empty(outShape, 'float32');
  const { arena } = backend;
  // The float64 accumulators take two floats' room each.
  const [px, py, pacc] = arena.place([read(xv), write(y.values), scratch(2 * inner)]);
  arena.wasm.reduceSum(px, py, pacc, outer, r, inner);
  arena.finish();
  return y.info;
};
