// @digitnet/wasm: a Backend whose hot kernels are WebAssembly SIMD. Importing it registers the
// backend as 'wasm'. In Node the module loads synchronously on first use; in browsers call
// `await initWasm()` (or pass the module's bytes or URL) before setBackend('wasm').
import { type cpuKernels, registerBackend } from '@digitnet/core';
import { wasmKernels as kernelTable } from './kernels/index.js';
import { unavailableReason } from './module.js';
import { WasmBackend, type WasmBackendOptions } from './wasm-backend.js';

export { Arena, type Operand } from './arena.js';
export { MIN_WORK_PER_THREAD } from './kernels/split.js';
export {
  defaultWasmUrl,
  initWasm,
  type KernelExports,
  SHARED_WASM_FILE,
  threadsUnavailableReason,
  unavailableReason,
  WASM_FILE,
  type WasmBytes,
  type WasmMemory,
} from './module.js';
export { PARALLEL_KERNELS, type ParallelKernel } from './threads.js';
export {
  defaultThreads,
  setDefaultThreads,
  WasmBackend,
  type WasmBackendOptions,
} from './wasm-backend.js';

/**
 * The wasm backend's kernel table: core's CPU kernels, with MatMul, the three Conv2D kernels,
 * BatchNormTrain(Grad) and MaxPool2D replaced by WebAssembly SIMD ones.
 */
export const wasmKernels: typeof cpuKernels = kernelTable;

/** True when this engine runs WebAssembly SIMD, so the wasm backend can start. */
export function wasmSimdAvailable(): boolean {
  return unavailableReason() === null;
}

/**
 * A new wasm backend named `name` (on `options.threads`, by default defaultThreads()); throws saying
 * why when WebAssembly SIMD is missing.
 */
export function createWasmBackend(name = 'wasm', options: WasmBackendOptions = {}): WasmBackend {
  const reason = unavailableReason();
  if (reason) throw new Error(`wasm backend '${name}' cannot run here: ${reason}`);
  return new WasmBackend(name, options);
}

/** Registers a wasm backend under `name` (created on first use). */
export function registerWasmBackend(name: string): void {
  registerBackend(name, () => createWasmBackend(name));
}

registerWasmBackend('wasm');
