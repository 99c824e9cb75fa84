// Every op, for the public surface.
import './methods.js';

export * from './arithmetic.js';
export * from './conv.js';
export * from './creation.js';
export * from './dropout.js';
export * from './layers.js';
export * from './loss.js';
export * from './matmul.js';
export * from './normalization.js';
export type { TensorLike } from './operand.js';
export * from './pool.js';
export * from './reduce.js';
export * from './reshape.js';
export * from './select.js';
export * from './softmax.js';
export * from './unary.js';
