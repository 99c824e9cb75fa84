// Conv1d: a 1-D convolution layer, as torch.nn.Conv1d (groups = 1).
import { conv1d } from '../ops/layers.js';
import type { Generator } from '../random.js';
import type { Tensor } from '../tensor.js';
import { defaultLayerInit_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { formatSettings, type ReprValue } from './repr.js';

/** Options of Conv1d, PyTorch's defaults. */
export interface Conv1dLayerOptions {
  stride?: number;
  padding?: number | 'same' | 'valid';
  dilation?: number;
  bias?: boolean;
  generator?: Generator;
}

/**
 * 1-D convolution over [N, inChannels, L] with weight [outChannels, inChannels, kernelSize].
 * @example
 * ```ts
 * const conv = new nn.Conv1d(16, 32, 5, { padding: 2 });
 * console.log(conv.forward(zeros([4, 16, 100])).shape); // [N, C, L]: → [ 4, 32, 100 ]
 * ```
 */
export class Conv1d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number;
  readonly opts: Required<Omit<Conv1dLayerOptions, 'bias' | 'generator'>>;
  /** [outChannels, inChannels, kernelSize] */
  readonly weight: Parameter;
  /** [outChannels], or null without bias. */
  readonly bias: Parameter | null;

  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number,
    opts: Conv1dLayerOptions = {},
  ) {
    super();
    for (const [name, v] of [
      ['inChannels', inChannels],
      ['outChannels', outChannels],
      ['kernelSize', kernelSize],
    ] as const) {
      if (!Number.isInteger(v) || v < 1)
        throw new Error(`Conv1d: ${name} must be a positive integer, got ${v}`);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = kernelSize;
    this.opts = {
      stride: opts.stride ?? 1,
      padding: opts.padding ?? 0,
      dilation: opts.dilation ?? 1,
    };
    this.weight = this.registerParameter(
      'weight',
      new Parameter([outChannels, inChannels, kernelSize]),
    );
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

  /** x: [N, inChannels, L] -> [N, outChannels, OL] */
  forward(x: Tensor): Tensor {
    return conv1d(x, this.weight, this.bias, this.opts);
  }

  protected override extraRepr(): string {
    const s: [string, ReprValue][] = [
      ['', this.inChannels],
      ['', this.outChannels],
      ['kernelSize', this.kernelSize],
      ['stride', this.opts.stride],
    ];
    if (this.opts.padding !== 0) s.push(['padding', this.opts.padding]);
    if (this.opts.dilation !== 1) s.push(['dilation', this.opts.dilation]);
    if (!this.bias) s.push(['bias', false]);
    return formatSettings(s);
  }
}
