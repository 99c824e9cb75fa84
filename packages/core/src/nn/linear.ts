// Linear: a fully connected layer, as torch.nn.Linear.
import { linear } from '../ops/matmul.js';
import type { Generator } from '../random.js';
import type { Tensor } from '../tensor.js';
import { defaultLayerInit_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { formatSettings } from './repr.js';

/** Options of Linear, PyTorch's defaults. */
export interface LinearOptions {
  /** Add a learnable bias (true). */
  bias?: boolean;
  /** The PRNG the initial weights are drawn from; the global one by default. */
  generator?: Generator;
}

/**
 * y = x·Wᵀ + b with weight [outFeatures, inFeatures].
 * @example
 * ```ts
 * const fc = new nn.Linear(784, 10);
 * console.log(fc.forward(zeros([32, 784])).shape); // → [ 32, 10 ]
 * console.log(fc.weight.shape); // [out, in], as PyTorch: → [ 10, 784 ]
 * ```
 */
export class Linear extends Module {
  /** Size of each input sample (in_features). */
  readonly inFeatures: number;
  /** Size of each output sample (out_features). */
  readonly outFeatures: number;
  /** [outFeatures, inFeatures] */
  readonly weight: Parameter;
  /** [outFeatures], or null without bias. */
  readonly bias: Parameter | null;

  /** Throws unless both sizes are integers >= 0. Weights start as PyTorch initialises them. */
  constructor(inFeatures: number, outFeatures: number, opts: LinearOptions = {}) {
    super();
    for (const [name, v] of [
      ['inFeatures', inFeatures],
      ['outFeatures', outFeatures],
    ] as const) {
      if (!Number.isInteger(v) || v < 0)
        throw new Error(`Linear: ${name} must be an integer >= 0, got ${v}`);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = this.registerParameter('weight', new Parameter([outFeatures, inFeatures]));
    this.bias = this.registerParameter(
      'bias',
      opts.bias === false ? null : new Parameter([outFeatures]),
    );
    this.resetParameters(opts.generator);
  }

  /** Redraws weight and bias with PyTorch's default initialisation. */
  resetParameters(generator?: Generator): void {
    defaultLayerInit_(this.weight, this.bias, { generator });
  }

  /** x: [..., inFeatures] -> [..., outFeatures] */
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  protected override extraRepr(): string {
    return formatSettings([
      ['inFeatures', this.inFeatures],
      ['outFeatures', this.outFeatures],
      ['bias', this.bias !== null],
    ]);
  }
}
