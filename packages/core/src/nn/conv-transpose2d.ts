// ConvTranspose2d: a transposed 2-D convolution layer, as torch.nn.ConvTranspose2d (groups = 1).
import { type ConvTranspose2dOptions, convTranspose2d } from '../ops/layers.js';
import type { Generator } from '../random.js';
import type { Pair } from '../shape/conv.js';
import type { Tensor } from '../tensor.js';
import { defaultLayerInit_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { formatSettings, type ReprValue } from './repr.js';

/** Options of ConvTranspose2d, PyTorch's defaults. */
export interface ConvTranspose2dLayerOptions extends ConvTranspose2dOptions {
  bias?: boolean;
  generator?: Generator;
}

const pairOf = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

/**
 * Transposed convolution (upsampling) with weight [inChannels, outChannels, kh, kw], as PyTorch.
 * @example
 * ```ts
 * const up = new nn.ConvTranspose2d(32, 16, 2, { stride: 2 });
 * console.log(up.forward(zeros([1, 32, 7, 7])).shape); // → [ 1, 16, 14, 14 ]
 * ```
 */
export class ConvTranspose2d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: readonly [number, number];
  readonly opts: ConvTranspose2dOptions;
  /** [inChannels, outChannels, kh, kw] */
  readonly weight: Parameter;
  /** [outChannels], or null without bias. */
  readonly bias: Parameter | null;

  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: Pair,
    opts: ConvTranspose2dLayerOptions = {},
  ) {
    super();
    for (const [name, v] of [
      ['inChannels', inChannels],
      ['outChannels', outChannels],
    ] as const) {
      if (!Number.isInteger(v) || v < 1)
        throw new Error(`ConvTranspose2d: ${name} must be a positive integer, got ${v}`);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = pairOf(kernelSize);
    this.opts = {
      stride: opts.stride ?? 1,
      padding: opts.padding ?? 0,
      outputPadding: opts.outputPadding ?? 0,
      dilation: opts.dilation ?? 1,
    };
    this.weight = this.registerParameter(
      'weight',
      new Parameter([inChannels, outChannels, ...this.kernelSize]),
    );
    this.bias = this.registerParameter(
      'bias',
      opts.bias === false ? null : new Parameter([outChannels]),
    );
    this.resetParameters(opts.generator);
  }

  /** Redraws weight and bias with PyTorch's default initialisation (fan-in from weight.shape[1], as PyTorch). */
  resetParameters(generator?: Generator): void {
    defaultLayerInit_(this.weight, this.bias, { generator });
  }

  /** x: [N, inChannels, H, W] -> [N, outChannels, OH, OW] */
  forward(x: Tensor): Tensor {
    return convTranspose2d(x, this.weight, this.bias, this.opts);
  }

  protected override extraRepr(): string {
    const s: [string, ReprValue][] = [
      ['', this.inChannels],
      ['', this.outChannels],
      ['kernelSize', this.kernelSize],
      ['stride', pairOf(this.opts.stride ?? 1)],
    ];
    if (pairOf(this.opts.padding ?? 0).some((v) => v))
      s.push(['padding', pairOf(this.opts.padding ?? 0)]);
    if (pairOf(this.opts.outputPadding ?? 0).some((v) => v))
      s.push(['outputPadding', pairOf(this.opts.outputPadding ?? 0)]);
    if (!this.bias) s.push(['bias', false]);
    return formatSettings(s);
  }
}
