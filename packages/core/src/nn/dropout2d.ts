// Dropout2d: zeroes whole channels at random in training, as torch.nn.Dropout2d.
import { dropout2d } from '../ops/dropout.js';
import type { Tensor } from '../tensor.js';
import { checkProbability } from './dropout.js';
import { Module } from './module.js';
import { formatSettings } from './repr.js';

/**
 * In training, zeroes each channel of [N, C, H, W] with probability p and scales the rest by
 * 1/(1 − p); the identity in eval().
 * @example
 * ```ts
 * const drop = new nn.Dropout2d(0.25); // zeroes whole channels in training
 * drop.eval();
 * console.log(drop.forward(ones([1, 2, 1, 1]))); // → tensor([[[[1.]], [[1.]]]])
 * ```
 */
export class Dropout2d extends Module {
  readonly p: number;

  constructor(p = 0.5) {
    super();
    this.p = checkProbability('Dropout2d', p);
  }

  /** x: [N, C, H, W] -> the same shape */
  forward(x: Tensor): Tensor {
    return dropout2d(x, this.p, this.training);
  }

  protected override extraRepr(): string {
    return formatSettings([['p', this.p]]);
  }
}
