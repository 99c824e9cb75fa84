// Tanh: the hyperbolic tangent as a layer, as torch.nn.Tanh.
import { tanh } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

/** tanh(x) elementwise. */
export class Tanh extends Module {
  /** x -> the same shape */
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}
