// The wasm kernel table: the CPU backend's, with the hot kernels replaced by WebAssembly SIMD ones
// (any kernel not listed here, including ones core adds later, runs as the CPU backend's).
import { cpuKernels, type KernelTable } from '@digitnet/core';
import type { WasmBackend } from '../wasm-backend.js';
import { adamUpdate } from './adam-update.js';
import { batchNormTrain } from './batch-norm-train.js';
import { batchNormTrainGrad } from './batch-norm-train-grad.js';
import { binary } from './binary.js';
import { conv2d } from './conv2d.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { conv2dBackpropInput } from './conv2d-backprop-input.js';
import { matMul } from './mat-mul.js';
import { maxPool2d, maxPool2dBackprop } from './max-pool2d.js';
import { reduce } from './reduce.js';
import { unary } from './unary.js';

// Typed as the CPU table (whose kernels take any CpuBackend, so WasmBackend too): the annotation
// also breaks the cycle WasmBackend.kernels -> wasmKernels -> KernelTable<WasmBackend>.
export const wasmKernels: typeof cpuKernels = {
  ...cpuKernels,
  MatMul: matMul,
  Conv2D: conv2d,
  Conv2DBackpropInput: conv2dBackpropInput,
  Conv2DBackpropFilter: conv2dBackpropFilter,
  BatchNormTrain: batchNormTrain,
  BatchNormTrainGrad: batchNormTrainGrad,
  MaxPool2D: maxPool2d,
  MaxPool2DBackprop: maxPool2dBackprop,
  Binary: binary,
  Unary: unary,
  Reduce: reduce,
  AdamUpdate: adamUpdate,
} satisfies KernelTable<WasmBackend>;
