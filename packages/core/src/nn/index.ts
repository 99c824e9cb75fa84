// @digitnet/core's nn namespace: Module, Parameter, the layers, init and functional.

export { GELU, SiLU, Softplus } from './activations.js';
export { AdaptiveAvgPool2d } from './adaptive-avg-pool2d.js';
export { AvgPool2d, type AvgPoolLayerOptions } from './avg-pool2d.js';
export { BatchNorm, type BatchNormLayerOptions } from './batch-norm.js';
export { BatchNorm1d } from './batch-norm1d.js';
export { BatchNorm2d } from './batch-norm2d.js';
export { ModuleDict, ModuleList } from './containers.js';
export { ConvTranspose2d, type ConvTranspose2dLayerOptions } from './conv-transpose2d.js';
export { Conv1d, type Conv1dLayerOptions } from './conv1d.js';
export { Conv2d, type Conv2dOptions } from './conv2d.js';
export { Dropout } from './dropout.js';
export { Dropout2d } from './dropout2d.js';
export { Embedding, type EmbeddingOptions } from './embedding.js';
export { Flatten } from './flatten.js';
export * as functional from './functional.js';
export * as init from './init.js';
export {
  GroupNorm,
  type GroupNormOptions,
  LayerNorm,
  type LayerNormOptions,
} from './layer-norm.js';
export { LeakyReLU } from './leaky-relu.js';
export { Linear, type LinearOptions } from './linear.js';
export { MaxPool2d, type PoolLayerOptions } from './max-pool2d.js';
export {
  type AnyModule,
  type BufferOptions,
  type LoadStateDictOptions,
  type LoadStateDictResult,
  Module,
} from './module.js';
export { Parameter } from './parameter.js';
export { ReLU } from './relu.js';
export { Sequential } from './sequential.js';
export { Sigmoid } from './sigmoid.js';
export { type ModelSummary, type SummaryRow, summary } from './summary.js';
export { Tanh } from './tanh.js';
export * as utils from './utils.js';
