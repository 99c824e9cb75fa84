// The public surface of @digitnet/core.
import { registerBackend } from './backend.js';
import { CpuBackend } from './backends/cpu/cpu-backend.js';

export { backward, type GradNode, isGradEnabled, noGrad } from './autograd.js';
export {
  type Backend,
  findBackend,
  getBackend,
  listBackends,
  type MemoryInfo,
  registerBackend,
  setBackend,
  type TypedArray,
} from './backend.js';
export { CpuBackend } from './backends/cpu/cpu-backend.js';
export { cpuKernels } from './backends/cpu/kernels/index.js';
export * from './kernels.js';
export { keep, tidy } from './memory.js';
export {
  type Axes,
  abs,
  // elementwise
  add,
  arange,
  argmax,
  argmin,
  avgPool2d,
  type BatchNormOptions,
  batchNorm,
  broadcastTo,
  type CreateOptions,
  type CrossEntropyOptions,
  cast,
  clone,
  concat,
  conv2d,
  crossEntropy,
  div,
  dropout,
  dropout2d,
  equal,
  exp,
  flatten,
  full,
  greater,
  greaterEqual,
  leakyRelu,
  less,
  lessEqual,
  linear,
  log,
  logSoftmax,
  // linear algebra and networks
  matmul,
  max,
  maximum,
  maxPool2d,
  mean,
  min,
  minimum,
  mse,
  mul,
  neg,
  ones,
  onesLike,
  type PoolArg,
  pad,
  permute,
  pow,
  type RandomOptions,
  type Reduction,
  rand,
  randn,
  relu,
  // shapes
  reshape,
  scalar,
  sigmoid,
  sign,
  slice,
  softmax,
  sqrt,
  square,
  squeeze,
  stack,
  sub,
  // reductions
  sum,
  type TensorLike,
  tanh,
  // creation
  tensor,
  transpose,
  uniform,
  unsqueeze,
  zeros,
  zerosLike,
} from './ops/index.js';
export { Generator, globalGenerator, manualSeed } from './random.js';
export { type BroadcastPlan, broadcastPlan, broadcastShapes } from './shape/broadcast.js';
export type { Conv2DOptions, Pair, Pool2DOptions } from './shape/conv.js';
export { conv2dInfo, pool2dInfo } from './shape/conv.js';
export { conv2dFlops, matmulFlops } from './shape/flops.js';
export { type MatMulDims, matMulDims } from './shape/matmul.js';
export { sizeOf, stridesOf } from './shape/shape.js';
export { type NestedArray, Tensor } from './tensor.js';

registerBackend('cpu', () => new CpuBackend());

export * as data from './data/index.js';
export * as io from './io/index.js';
export * as models from './models/index.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export {
  type BatchEnd,
  type EpochEnd,
  type Evaluation,
  evaluate,
  type FitOptions,
  type FitResult,
  fit,
  type LossFn,
} from './training/index.js';
