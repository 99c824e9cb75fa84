// The functional forms of the layers, as torch.nn.functional (camelCase names).

export { conv2d } from '../ops/conv.js';
export { dropout, dropout2d } from '../ops/dropout.js';
export {
  adaptiveAvgPool2d,
  type Conv1dOptions,
  type ConvTranspose2dOptions,
  conv1d,
  convTranspose2d,
  embedding,
  groupNorm,
  layerNorm,
} from '../ops/layers.js';
/** Mean squared error, as torch.nn.functional.mse_loss. */
export {
  type BceWithLogitsOptions,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  type CrossEntropyOptions,
  crossEntropy,
  type LossOptions,
  l1Loss,
  mse as mseLoss,
  type NllLossOptions,
  nllLoss,
  type Reduction,
  type SmoothL1Options,
  smoothL1Loss,
} from '../ops/loss.js';
export { linear } from '../ops/matmul.js';
export { type BatchNormOptions, batchNorm } from '../ops/normalization.js';
export { avgPool2d, maxPool2d, type PoolArg } from '../ops/pool.js';
export { logSumExp } from '../ops/reduce.js';
export { flatten } from '../ops/reshape.js';
export { logSoftmax, softmax } from '../ops/softmax.js';
export { gelu, leakyRelu, relu, sigmoid, silu, softplus, tanh } from '../ops/unary.js';
