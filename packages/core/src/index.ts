// The public surface of @digitnet/core.
import { registerBackend } from './backend.js';
import { CpuBackend } from './backends/cpu/cpu-backend.js';

export { type BackwardFn, backward, type GradNode, isGradEnabled, noGrad } from './autograd.js';
export {
  type Backend,
  type BackendFactory,
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
export { addDispatchHook, type DispatchHook, type KernelCall } from './engine.js';
export * from './kernels.js';
export { type Disposable, keep, tidy } from './memory.js';
// Every op (creation, elementwise, reductions, shapes, selection, networks, losses), sorted by name
// as the formatter keeps them; ops/index.ts groups them by file.
export {
  type Axes,
  abs,
  add,
  arange,
  argmax,
  argmin,
  avgPool2d,
  type BatchNormOptions,
  type BceWithLogitsOptions,
  batchNorm,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  broadcastTo,
  type CreateOptions,
  type CrossEntropyOptions,
  cast,
  clamp,
  clone,
  concat,
  conv2d,
  cos,
  crossEntropy,
  cumsum,
  div,
  dropout,
  dropout2d,
  equal,
  erf,
  exp,
  eye,
  flatten,
  full,
  gather,
  gelu,
  greater,
  greaterEqual,
  type IndexSpec,
  index,
  indexSelect,
  type LossOptions,
  l1Loss,
  leakyRelu,
  less,
  lessEqual,
  linear,
  linspace,
  log,
  logSoftmax,
  logSumExp,
  maskedFill,
  matmul,
  max,
  maximum,
  maxPool2d,
  mean,
  min,
  minimum,
  mse,
  mul,
  type NllLossOptions,
  neg,
  nllLoss,
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
  reshape,
  type SliceSpec,
  type SmoothL1Options,
  type SortOptions,
  scalar,
  sigmoid,
  sign,
  silu,
  sin,
  slice,
  smoothL1Loss,
  softmax,
  softplus,
  sort,
  sqrt,
  square,
  squeeze,
  stack,
  std,
  sub,
  sum,
  type TensorLike,
  type TopkOptions,
  tanh,
  tensor,
  topk,
  transpose,
  uniform,
  unsqueeze,
  variance,
  where,
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
  type BatchSource,
  type EpochEnd,
  type Evaluation,
  evaluate,
  type FitOptions,
  type FitResult,
  fit,
  type LabelledBatch,
  type LossFn,
} from './training/index.js';
export * as utils from './utils/index.js';
