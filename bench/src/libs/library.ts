// What the bench asks of each library; a child process loads only the one it measures.
import type { ImageBatch } from '../inputs.js';
import type { KernelCase } from '../kernel-cases.js';
import type { Budget, InferResult, KernelResult, LibId, TrainResult } from '../types.js';

/** A result now, or later from a library measured in another process (a browser page). */
type Later<T> = T | Promise<T>;

/** One library under test, set up and ready to run. */
export interface Library {
  /** Facts worth printing: backend, binary, kernels it lacks or that were composed. */
  readonly notes: string[];
  /** Kernel timings; absent for libraries without batched kernels (reason in notes). */
  kernels?(cases: readonly KernelCase[], budget: Budget): Later<KernelResult[]>;
  /** Training throughput of the seed CNN, batch = batches[0].size, Adam lr 1e-3. */
  train(factor: number, batches: readonly ImageBatch[], budget: Budget): Later<TrainResult>;
  /** Eval-mode inference: batch throughput and batch-1 latency. */
  infer(
    factor: number,
    batches: readonly ImageBatch[],
    budget: Budget,
    latencyBudget: Budget,
  ): Later<InferResult>;
  /** Frees what outlives the process's work (a browser). */
  close?(): Promise<void>;
}

/** Imports and sets up library `id` (dynamic, so a child loads nothing else). */
export async function loadLibrary(id: LibId): Promise<Library> {
  switch (id) {
    case 'digitnet-gpu-webgl2':
      return (await import('./browser.js')).createBrowserDigitnet();
    case 'digitnet-wasm':
    case 'digitnet-wasm-1t':
    case 'digitnet-cpu':
    case 'digitnet-gpu-headlessgl':
    case 'digitnet-gpu-webasm':
    case 'digitnet-gpu-cpu':
      return (await import('./digitnet.js')).createDigitnet(id);
    case 'tfjs-wasm':
    case 'tfjs-cpu':
      return (await import('./tfjs.js')).createTfjs(id === 'tfjs-wasm' ? 'wasm' : 'cpu');
    case 'convnetjs':
      return (await import('./convnet.js')).createConvnet();
    case 'pytorch-1t':
    case 'pytorch-2t':
      return (await import('./pytorch.js')).createPytorch(id);
  }
}
