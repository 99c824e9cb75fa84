// LeakyReLU: the leaky rectifier as a layer, as torch.nn.LeakyReLU.
import { leakyRelu } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';
import { formatSettings } from './repr.js';

/** x for x > 0, negativeSlope·x otherwise (0.01 by default). */
export class LeakyReLU extends Module {
  readonly negativeSlope: number;

  constructor(negativeSlope = 0.01) {
    super();
    if (!Number.isFinite(negativeSlope)) {
      throw new Error(`LeakyReLU: negativeSlope must be a finite number, got ${negativeSlope}`);
    }
    this.negativeSlope = negativeSlope;
  }

  /** x -> the same shape */
  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }

  protected override extraRepr(): string {
    return formatSettings([['negativeSlope', this.negativeSlope]]);
  }
}
