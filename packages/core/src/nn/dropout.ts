// Dropout: zeroes elements at random in training, as torch.nn.Dropout.
import { dropout } from '../ops/dropout.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';
import { formatSettings } from './repr.js';

/** Checks a dropout probability, naming the layer. */
export function checkProbability(layer: string, p: number): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new Error(`${layer}: probability p must be in [0, 1], got ${p}`);
  }
  return p;
}

/**
 * In training, zeroes each element with probability p and scales the rest by 1/(1 − p);
 * the identity in eval(). Masks come from the global seeded PRNG.
 * @example
 * ```ts
 * const drop = new nn.Dropout(0.5);
 * drop.eval(); // dropout is the identity outside training
 * console.log(drop.forward(tensor([1, 2]))); // → tensor([1., 2.])
 * ```
 */
export class Dropout extends Module {
  /** Probability of zeroing an element in training. */
  readonly p: number;

  constructor(p = 0.5) {
    super();
    this.p = checkProbability('Dropout', p);
  }

  /** x -> the same shape */
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training);
  }

  protected override extraRepr(): string {
    return formatSettings([['p', this.p]]);
  }
}
