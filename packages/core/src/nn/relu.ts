// ReLU: the rectifier as a layer, as torch.nn.ReLU.
import { relu } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

/** max(x, 0) elementwise. */
export class ReLU extends Module {
  /** x -> the same shape */
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}
