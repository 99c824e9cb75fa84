// AvgPool2d: average pooling, as torch.nn.AvgPool2d.
import { avgPool2d } from '../ops/pool.js';
import type { Pair } from '../shape/conv.js';
import type { Tensor } from '../tensor.js';
import type { PoolLayerOptions } from './max-pool2d.js';
import { Module } from './module.js';
import { formatSettings } from './repr.js';

/** Options of AvgPool2d, PyTorch's defaults. */
export interface AvgPoolLayerOptions extends PoolLayerOptions {
  /** Divide by the whole window, padding included (true). */
  countIncludePad?: boolean;
}

/**
 * The mean of each window of [N, C, H, W].
 * @example
 * ```ts
 * const pool = new nn.AvgPool2d(2, { stride: 2 });
 * console.log(pool.forward(ones([1, 3, 8, 8])).shape); // → [ 1, 3, 4, 4 ]
 * ```
 */
export class AvgPool2d extends Module {
  readonly kernelSize: Pair;
  readonly stride: Pair;
  readonly padding: Pair;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;

  constructor(kernelSize: Pair, opts: AvgPoolLayerOptions = {}) {
    super();
    this.kernelSize = kernelSize;
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
    this.ceilMode = opts.ceilMode ?? false;
    this.countIncludePad = opts.countIncludePad ?? true;
  }

  /** x: [N, C, H, W] -> [N, C, OH, OW] */
  forward(x: Tensor): Tensor {
    const { kernelSize, stride, padding, ceilMode, countIncludePad } = this;
    return avgPool2d(x, { kernelSize, stride, padding, ceilMode, countIncludePad });
  }

  protected override extraRepr(): string {
    return formatSettings([
      ['kernelSize', this.kernelSize],
      ['stride', this.stride],
      ['padding', this.padding],
      ['ceilMode', this.ceilMode],
      ['countIncludePad', this.countIncludePad],
    ]);
  }
}
