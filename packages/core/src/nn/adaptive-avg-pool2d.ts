// AdaptiveAvgPool2d: average pooling to a fixed output size, as torch.nn.AdaptiveAvgPool2d.
import { adaptiveAvgPool2d } from '../ops/layers.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';
import { formatSettings } from './repr.js';

/**
 * Averages [N, C, H, W] down to [N, C, OH, OW] whatever H and W are.
 * @example
 * ```ts
 * const gap = new nn.AdaptiveAvgPool2d(1); // global average pooling
 * console.log(gap.forward(ones([2, 16, 7, 7])).shape); // → [ 2, 16, 1, 1 ]
 * ```
 */
export class AdaptiveAvgPool2d extends Module {
  readonly outputSize: number | readonly [number | null, number | null];

  constructor(outputSize: number | readonly [number | null, number | null]) {
    super();
    this.outputSize = outputSize;
  }

  /** x: [N, C, H, W] -> [N, C, OH, OW] */
  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }

  protected override extraRepr(): string {
    const size = this.outputSize;
    return formatSettings([
      ['outputSize', typeof size === 'number' ? size : size.map((v) => v ?? -1)],
    ]);
  }
}
