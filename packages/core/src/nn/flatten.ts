// Flatten: merges a range of axes, as torch.nn.Flatten.
import { flatten } from '../ops/reshape.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';
import { formatSettings } from './repr.js';

/**
 * Merges axes startDim..endDim (1..−1 by default: everything but the batch axis).
 * @example
 * ```ts
 * console.log(new nn.Flatten().forward(zeros([2, 64, 7, 7])).shape); // → [ 2, 3136 ]
 * ```
 */
export class Flatten extends Module {
  /** First axis merged (1: keep the batch axis). */
  readonly startDim: number;
  /** Last axis merged (-1: the last). */
  readonly endDim: number;

  constructor(startDim = 1, endDim = -1) {
    super();
    this.startDim = startDim;
    this.endDim = endDim;
  }

  /** x -> x with axes startDim..endDim merged */
  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }

  protected override extraRepr(): string {
    return formatSettings([
      ['startDim', this.startDim],
      ['endDim', this.endDim],
    ]);
  }
}
