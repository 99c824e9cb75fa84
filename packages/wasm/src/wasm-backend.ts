// The wasm backend: the CPU backend's storage (JavaScript typed arrays, pooled) with the hot kernels
// replaced by WebAssembly SIMD ones; every other kernel is the CPU backend's.
import { CpuBackend } from '@digitnet/core';
import { Arena } from './arena.js';
import { wasmKernels } from './kernels/index.js';
import { instantiate } from './module.js';

/** A CpuBackend whose matrix products and convolutions run in WebAssembly SIMD. */
export class WasmBackend extends CpuBackend {
  override readonly kernels = wasmKernels;
  /** The module instance's linear memory, where wasm kernels find their operands. */
  readonly arena: Arena;

  /** `name` is what it is registered as ('wasm' by default). */
  constructor(name = 'wasm') {
    super(name);
    this.arena = new Arena(instantiate());
  }
}
