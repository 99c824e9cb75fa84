// The public surface of @digitnet/core.
import { registerBackend } from './backend.js';
import { CpuBackend } from './backends/cpu/cpu-backend.js';

export { Tensor, type NestedArray } from './tensor.js';
export { noGrad, isGradEnabled, backward, type GradNode } from './autograd.js';
export { tidy, keep } from './memory.js';
export {
  type Backend,
  type MemoryInfo,
  type TypedArray,
  registerBackend,
  setBackend,
  getBackend,
  findBackend,
  listBackends,
} from './backend.js';
export * from './kernels.js';
export { CpuBackend } from './backends/cpu/cpu-backend.js';
export { Generator, globalGenerator, manualSeed } from './random.js';
export type { Conv2DOptions, Pool2DOptions, Pair } from './shape/conv.js';
export { broadcastShapes, broadcastPlan, type BroadcastPlan } from './shape/broadcast.js';
export { conv2dInfo, pool2dInfo } from './shape/conv.js';
export { sizeOf, stridesOf } from './shape/shape.js';
export {
  // creation
  tensor,
  scalar,
  zeros,
  ones,
  full,
  zerosLike,
  onesLike,
  arange,
  rand,
  randn,
  uniform,
  type CreateOptions,
  type RandomOptions,
  // elementwise
  add,
  sub,
  mul,
  div,
  pow,
  maximum,
  minimum,
  equal,
  greater,
  greaterEqual,
  less,
  lessEqual,
  broadcastTo,
  neg,
  exp,
  log,
  sqrt,
  abs,
  square,
  relu,
  leakyRelu,
  sigmoid,
  tanh,
  sign,
  cast,
  // reductions
  sum,
  mean,
  max,
  min,
  argmax,
  argmin,
  type Axes,
  // shapes
  reshape,
  flatten,
  squeeze,
  unsqueeze,
  permute,
  transpose,
  slice,
  pad,
  concat,
  stack,
  clone,
  // linear algebra and networks
  matmul,
  linear,
  softmax,
  logSoftmax,
  conv2d,
  maxPool2d,
  avgPool2d,
  type PoolArg,
  batchNorm,
  type BatchNormOptions,
  dropout,
  dropout2d,
  crossEntropy,
  mse,
  type CrossEntropyOptions,
  type Reduction,
  type TensorLike,
} from './ops/index.js';

registerBackend('cpu', () => new CpuBackend());

export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export * as io from './io/index.js';
export * as models from './models/index.js';
