// LayerNorm and GroupNorm, as torch.nn.LayerNorm / torch.nn.GroupNorm.
import { groupNorm, layerNorm } from '../ops/layers.js';
import type { Tensor } from '../tensor.js';
import { ones_, zeros_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { formatSettings } from './repr.js';

/** Options of LayerNorm. */
export interface LayerNormOptions {
  eps?: number;
  /** Learnable weight (ones) and bias (zeros) of normalizedShape (true). */
  elementwiseAffine?: boolean;
}

/**
 * Normalises over the trailing `normalizedShape` axes of each sample.
 * @example
 * ```ts
 * const norm = new nn.LayerNorm([64]);
 * console.log(norm.forward(randn([2, 5, 64])).shape); // → [ 2, 5, 64 ]
 * ```
 */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;

  constructor(normalizedShape: number | readonly number[], opts: LayerNormOptions = {}) {
    super();
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new Error(
        `LayerNorm: normalizedShape must be positive integers, got [${shape.join(', ')}]`,
      );
    }
    this.normalizedShape = shape;
    this.eps = opts.eps ?? 1e-5;
    const affine = opts.elementwiseAffine ?? true;
    this.weight = this.registerParameter('weight', affine ? ones_(new Parameter(shape)) : null);
    this.bias = this.registerParameter('bias', affine ? zeros_(new Parameter(shape)) : null);
  }

  /** x: [..., *normalizedShape] -> the same shape */
  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps);
  }

  protected override extraRepr(): string {
    return formatSettings([
      ['', this.normalizedShape],
      ['eps', this.eps],
      ['elementwiseAffine', this.weight !== null],
    ]);
  }
}

/** Options of GroupNorm. */
export interface GroupNormOptions {
  eps?: number;
  /** Learnable per-channel weight (ones) and bias (zeros) (true). */
  affine?: boolean;
}

/**
 * Normalises groups of channels over the group's channels and all positions.
 * @example
 * ```ts
 * const norm = new nn.GroupNorm(8, 64);
 * console.log(norm.forward(randn([2, 64, 4, 4])).shape); // → [ 2, 64, 4, 4 ]
 * ```
 */
export class GroupNorm extends Module {
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;

  constructor(numGroups: number, numChannels: number, opts: GroupNormOptions = {}) {
    super();
    if (!Number.isInteger(numGroups) || numGroups < 1 || numChannels % numGroups !== 0) {
      throw new Error(
        `GroupNorm: numChannels ${numChannels} must be divisible by numGroups ${numGroups}`,
      );
    }
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = opts.eps ?? 1e-5;
    const affine = opts.affine ?? true;
    this.weight = this.registerParameter(
      'weight',
      affine ? ones_(new Parameter([numChannels])) : null,
    );
    this.bias = this.registerParameter(
      'bias',
      affine ? zeros_(new Parameter([numChannels])) : null,
    );
  }

  /** x: [N, numChannels, ...] -> the same shape */
  forward(x: Tensor): Tensor {
    if (x.rank < 2 || x.shape[1] !== this.numChannels) {
      throw new Error(
        `GroupNorm: expected [N, ${this.numChannels}, ...], got [${x.shape.join(', ')}]`,
      );
    }
    return groupNorm(x, this.numGroups, this.weight, this.bias, this.eps);
  }

  protected override extraRepr(): string {
    return formatSettings([
      ['', this.numGroups],
      ['', this.numChannels],
      ['eps', this.eps],
      ['affine', this.weight !== null],
    ]);
  }
}
