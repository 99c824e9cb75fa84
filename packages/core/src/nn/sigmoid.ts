// Sigmoid: the logistic function as a layer, as torch.nn.Sigmoid.
import { sigmoid } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

/** 1 / (1 + e^−x) elementwise. */
export class Sigmoid extends Module {
  /** x -> the same shape */
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}
