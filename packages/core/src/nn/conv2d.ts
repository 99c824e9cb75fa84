// Conv2d: a 2-D convolution layer, as torch.nn.Conv2d (groups = 1).
import { conv2d } from '../ops/conv.js';
import type { Generator } from '../random.js';
import type { Pair } from '../shape/conv.js';
import type { Tensor } from '../tensor.js';
import { defaultLayerInit_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { formatSettings, type ReprValue } from './repr.js';

/** Options of Conv2d, PyTorch's defaults. */
export interface Conv2dOptions {
  stride?: Pair;
  /** Zero padding on each side, or 'same' / 'valid' (0). 'same' needs stride 1. */
  padding?: Pair | 'same' | 'valid';
  dilation?: Pair;
  /** Add a learnable bias per output channel (true). */
  bias?: boolean;
  /** The PRNG the initial weights are drawn from; the global one by default. */
  generator?: Generator;
}

function pair(name: string, value: Pair, min: number): [number, number] {
  const [h, w] = typeof value === 'number' ? [value, value] : value;
  if (![h, w].every((v) => Number.isInteger(v) && v >= min)) {
    throw new Error(
      `Conv2d: ${name} must be an integer >= ${min} or a pair of them, got ${String(value)}`,
    );
  }
  return [h, w];
}

/**
 * 2-D convolution over [N, inChannels, H, W] with weight [outChannels, inChannels, kh, kw].
 * @example
 * ```ts
 * const conv = new nn.Conv2d(1, 32, 3, { padding: 'same' });
 * console.log(conv.forward(zeros([8, 1, 28, 28])).shape); // → [ 8, 32, 28, 28 ]
 * ```
 */
export class Conv2d extends Module {
  /** Channels of the input, C in [N, C, H, W]. */
  readonly inChannels: number;
  /** Channels produced, O: the number of filters. */
  readonly outChannels: number;
  /** [KH, KW] */
  readonly kernelSize: readonly [number, number];
  /** [vertical, horizontal] step between windows. */
  readonly stride: readonly [number, number];
  /** Zero padding [top = bottom, left = right], or 'same' / 'valid' as in PyTorch. */
  readonly padding: readonly [number, number] | 'same' | 'valid';
  /** [vertical, horizontal] spacing between kernel taps. */
  readonly dilation: readonly [number, number];
  /** [outChannels, inChannels, kh, kw] */
  readonly weight: Parameter;
  /** [outChannels], or null without bias. */
  readonly bias: Parameter | null;

  constructor(inChannels: number, outChannels: number, kernelSize: Pair, opts: Conv2dOptions = {}) {
    super();
    for (const [name, v] of [
      ['inChannels', inChannels],
      ['outChannels', outChannels],
    ] as const) {
      if (!Number.isInteger(v) || v < 1)
        throw new Error(`Conv2d: ${name} must be a positive integer, got ${v}`);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = pair('kernelSize', kernelSize, 1);
    this.stride = pair('stride', opts.stride ?? 1, 1);
    this.dilation = pair('dilation', opts.dilation ?? 1, 1);
    const padding = opts.padding ?? 0;
    this.padding =
      padding === 'same' || padding === 'valid' ? padding : pair('padding', padding, 0);
    if (padding === 'same' && (this.stride[0] !== 1 || this.stride[1] !== 1)) {
      throw new Error(
        `Conv2d: padding 'same' needs stride 1, got stride [${this.stride.join(', ')}]`,
      );
    }
    const weight = new Parameter([outChannels, inChannels, ...this.kernelSize]);
    this.weight = this.registerParameter('weight', weight);
    this.bias = this.registerParameter(
      'bias',
      opts.bias === false ? null : new Parameter([outChannels]),
    );
    this.resetParameters(opts.generator);
  }

  /** Redraws weight and bias with PyTorch's default initialisation. */
  resetParameters(generator?: Generator): void {
    defaultLayerInit_(this.weight, this.bias, { generator });
  }

  /** x: [N, inChannels, H, W] -> [N, outChannels, OH, OW] */
  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
    });
  }

  protected override extraRepr(): string {
    const s: [string, ReprValue][] = [
      ['', this.inChannels],
      ['', this.outChannels],
      ['kernelSize', this.kernelSize],
      ['stride', this.stride],
    ];
    if (
      this.padding !== 'valid' &&
      (typeof this.padding === 'string' || this.padding.some((p) => p))
    ) {
      s.push(['padding', this.padding]);
    }
    if (this.dilation.some((d) => d !== 1)) s.push(['dilation', this.dilation]);
    if (!this.bias) s.push(['bias', false]);
    return formatSettings(s);
  }
}
