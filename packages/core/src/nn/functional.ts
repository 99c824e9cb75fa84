// The functional forms of the layers, as torch.nn.functional (camelCase names).

export { conv2d } from '../ops/conv.js';
export { dropout, dropout2d } from '../ops/dropout.js';
/** Mean squared error, as torch.nn.functional.mse_loss. */
export {
  type CrossEntropyOptions,
  crossEntropy,
  mse as mseLoss,
  type Reduction,
} from '../ops/loss.js';
export { linear } from '../ops/matmul.js';
export { type BatchNormOptions, batchNorm } from '../ops/normalization.js';
export { avgPool2d, maxPool2d, type PoolArg } from '../ops/pool.js';
export { flatten } from '../ops/reshape.js';
export { logSoftmax, softmax } from '../ops/softmax.js';
export { leakyRelu, relu, sigmoid, tanh } from '../ops/unary.js';
