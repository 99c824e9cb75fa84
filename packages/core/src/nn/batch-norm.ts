// The batch-norm layers' shared base, as PyTorch's _BatchNorm: parameters, running statistics, forward.
import { noGrad } from '../autograd.js';
import { tidy } from '../memory.js';
import { add } from '../ops/arithmetic.js';
import { full, zeros } from '../ops/creation.js';
import { batchNorm } from '../ops/normalization.js';
import { showShape } from '../shape/shape.js';
import type { Tensor } from '../tensor.js';
import { constant_, ones_, zeros_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { formatSettings } from './repr.js';

/** Options of BatchNorm1d and BatchNorm2d, PyTorch's defaults. */
export interface BatchNormLayerOptions {
  /** Added to the variance before the square root (1e-5). */
  eps?: number;
  /** Weight of each new batch in the running statistics (0.1); null: a cumulative average. */
  momentum?: number | null;
  /** Learn a per-channel scale (weight) and shift (bias) (true). */
  affine?: boolean;
  /** Keep running statistics for eval() (true); without them eval() uses batch statistics. */
  trackRunningStats?: boolean;
}

/**
 * Batch normalisation over the channel axis (axis 1). Training normalises with the batch's
 * statistics and updates running_mean, running_var (unbiased) and num_batches_tracked in place;
 * eval() uses the running statistics.
 */
export abstract class BatchNorm extends Module {
  /** C, the channels normalised. */
  readonly numFeatures: number;
  /** Added to the variance for stability (1e-5). */
  readonly eps: number;
  /** Weight of each batch in the running statistics (0.1); null: a cumulative average. */
  readonly momentum: number | null;
  /** Whether weight and bias are learned. */
  readonly affine: boolean;
  /** Whether running statistics are kept (and used in eval mode). */
  readonly trackRunningStats: boolean;
  /** Per-channel scale [C] (null unless affine). */
  readonly weight: Parameter | null;
  /** Per-channel shift [C] (null unless affine). */
  readonly bias: Parameter | null;
  /** Buffer `running_mean` [C] (null unless trackRunningStats). */
  readonly runningMean: Tensor | null;
  /** Buffer `running_var` [C] (null unless trackRunningStats). */
  readonly runningVar: Tensor | null;
  /** Buffer `num_batches_tracked`: an int32 scalar counting training forwards. */
  readonly numBatchesTracked: Tensor | null;

  constructor(numFeatures: number, opts: BatchNormLayerOptions = {}) {
    super();
    const name = this.constructor.name;
    if (!Number.isInteger(numFeatures) || numFeatures < 1) {
      throw new Error(`${name}: numFeatures must be a positive integer, got ${numFeatures}`);
    }
    const eps = opts.eps ?? 1e-5;
    const momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    if (!(eps >= 0)) throw new Error(`${name}: eps must be >= 0, got ${eps}`);
    if (momentum !== null && !(momentum >= 0 && momentum <= 1)) {
      throw new Error(`${name}: momentum must be in [0, 1] or null, got ${momentum}`);
    }
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = opts.affine ?? true;
    this.trackRunningStats = opts.trackRunningStats ?? true;
    const c = [numFeatures];
    this.weight = this.registerParameter('weight', this.affine ? new Parameter(c) : null);
    this.bias = this.registerParameter('bias', this.affine ? new Parameter(c) : null);
    const track = this.trackRunningStats;
    this.runningMean = this.registerBuffer('running_mean', track ? zeros(c) : null);
    this.runningVar = this.registerBuffer('running_var', track ? full(c, 1) : null);
    this.numBatchesTracked = this.registerBuffer(
      'num_batches_tracked',
      track ? zeros([], { dtype: 'int32' }) : null,
    );
    this.resetParameters();
  }

  /** Checks the input's rank (each subclass takes its own). */
  protected abstract checkInput(x: Tensor): void;

  /** Running mean 0, running variance 1, no batches tracked. */
  resetRunningStats(): void {
    if (this.runningMean) zeros_(this.runningMean);
    if (this.runningVar) ones_(this.runningVar);
    if (this.numBatchesTracked) constant_(this.numBatchesTracked, 0);
  }

  /** PyTorch's initial state: weight 1, bias 0, fresh running statistics. */
  resetParameters(): void {
    this.resetRunningStats();
    if (this.weight) ones_(this.weight);
    if (this.bias) zeros_(this.bias);
  }

  /** x: [N, C, ...] -> the same shape */
  forward(x: Tensor): Tensor {
    this.checkInput(x);
    if (x.shape[1] !== this.numFeatures) {
      throw new Error(
        `${this.constructor.name}: expected ${this.numFeatures} channels on axis 1, got input ${showShape(x.shape)}`,
      );
    }
    const counter = this.training ? this.numBatchesTracked : null;
    // momentum null: a cumulative average, each batch weighted 1 / (batches seen, this one included).
    const factor = this.momentum ?? (counter ? 1 / (counter.item() + 1) : 0);
    const out = batchNorm(x, this.runningMean, this.runningVar, this.weight, this.bias, {
      training: this.training || !this.runningMean,
      momentum: factor,
      eps: this.eps,
    });
    if (counter) noGrad(() => tidy(() => counter.assignFrom(add(counter, 1))));
    return out;
  }

  protected override extraRepr(): string {
    return formatSettings([
      ['', this.numFeatures],
      ['eps', this.eps],
      ['momentum', this.momentum],
      ['affine', this.affine],
      ['trackRunningStats', this.trackRunningStats],
    ]);
  }
}
