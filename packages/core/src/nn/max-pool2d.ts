// MaxPool2d: max pooling, as torch.nn.MaxPool2d.
import { maxPool2d } from '../ops/pool.js';
import type { Pair } from '../shape/conv.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';
import { formatSettings } from './repr.js';

/** Options of MaxPool2d and AvgPool2d, PyTorch's defaults. */
export interface PoolLayerOptions {
  /** Step between windows (the kernel size). */
  stride?: Pair;
  /** Implicit padding on each side, at most half the kernel (0). */
  padding?: Pair;
  /** Round the output size up instead of down (false). */
  ceilMode?: boolean;
}

/**
 * The maximum of each window of [N, C, H, W].
 * @example
 * ```ts
 * console.log(new nn.MaxPool2d(2).forward(zeros([1, 8, 28, 28])).shape); // halves H and W: → [ 1, 8, 14, 14 ]
 * ```
 */
export class MaxPool2d extends Module {
  /** Window size [KH, KW]. */
  readonly kernelSize: Pair;
  /** Step between windows (the kernel size by default, as in PyTorch). */
  readonly stride: Pair;
  /** Implicit -Infinity padding on each side. */
  readonly padding: Pair;
  /** Round the output size up instead of down. */
  readonly ceilMode: boolean;

  constructor(kernelSize: Pair, opts: PoolLayerOptions = {}) {
    super();
    this.kernelSize = kernelSize;
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
    this.ceilMode = opts.ceilMode ?? false;
  }

  /** x: [N, C, H, W] -> [N, C, OH, OW] */
  forward(x: Tensor): Tensor {
    const { kernelSize, stride, padding, ceilMode } = this;
    return maxPool2d(x, { kernelSize, stride, padding, ceilMode });
  }

  protected override extraRepr(): string {
    return formatSettings([
      ['kernelSize', this.kernelSize],
      ['stride', this.stride],
      ['padding', this.padding],
      ['ceilMode', this.ceilMode],
    ]);
  }
}
