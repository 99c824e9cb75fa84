// Losses: cross-entropy on logits with integer labels, and mean squared error.
import { record } from '../autograd.js';
import { hasKernel, runKernel } from '../engine.js';
import { sameShape, showShape } from '../shape/shape.js';
import { Tensor } from '../tensor.js';
import { add, div, less, mul, sub } from './arithmetic.js';
import { asFloat, asTensor } from './operand.js';
import { binary } from './raw.js';
import { mean, sum } from './reduce.js';
import { reshape } from './reshape.js';
import { gather, where } from './select.js';
import { logSoftmax } from './softmax.js';
import { abs, clamp, log, neg, softplus, square } from './unary.js';

/** How per-sample losses are combined. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options of crossEntropy, as torch.nn.functional.cross_entropy. */
export interface CrossEntropyOptions {
  reduction?: Reduction;
  /** Mixes the one-hot target with the uniform distribution: (1 − ε)·onehot + ε/K. */
  labelSmoothing?: number;
  /** Labels equal to this are skipped (no loss, no gradient, not counted by 'mean'); −100 by default. */
  ignoreIndex?: number;
}

function reduce(losses: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return losses;
  return reduction === 'sum' ? sum(losses) : mean(losses);
}

/**
 * Cross-entropy between logits and targets, as torch.nn.functional.cross_entropy: targets are
 * int32 class labels (labels equal to `ignoreIndex`, −100 by default, are skipped) or float32
 * class probabilities of the logits' shape.
 * logits: [N, K], labels: int32 [N] or probabilities [N, K] -> a scalar [] (or [N] with reduction 'none')
 * @example
 * ```ts
 * const logits = tensor([[2, 0, 0], [0, 0, 0]]);
 * const labels = tensor([0, 1], undefined, { dtype: 'int32' });
 * console.log(crossEntropy(logits, labels).item().toFixed(4)); // → 0.6691
 * ```
 */
export function crossEntropy(
  logits: Tensor,
  labels: Tensor,
  opts: CrossEntropyOptions = {},
): Tensor {
  return crossEntropyWith(logits, labels, opts, true);
}

/** @internal crossEntropy choosing whether a fused kernel may be used (the conformance suite compares both). */
export function crossEntropyWith(
  logits: Tensor,
  labels: Tensor,
  opts: CrossEntropyOptions,
  allowFused: boolean,
): Tensor {
  const x = asFloat('crossEntropy', logits, 'logits');
  const y = asTensor('crossEntropy', labels, 'labels');
  const reduction = opts.reduction ?? 'mean';
  const eps = opts.labelSmoothing ?? 0;
  const ignoreIndex = opts.ignoreIndex ?? -100;
  if (x.rank !== 2)
    throw new Error(`crossEntropy: logits must be [N, K], got ${showShape(x.shape)}`);
  const [n, k] = x.shape;
  if (!(eps >= 0 && eps <= 1))
    throw new Error(`crossEntropy: labelSmoothing must be in [0, 1], got ${eps}`);
  checkReduction('crossEntropy', reduction);
  if (y.dtype === 'float32') {
    if (!sameShape(y.shape, x.shape)) {
      throw new Error(
        `crossEntropy: probability targets must have the logits' shape ${showShape(x.shape)}, got ${showShape(y.shape)}`,
      );
    }
    const target = eps === 0 ? y : add(mul(y, 1 - eps), eps / k);
    return reduce(neg(sum(mul(logSoftmax(x, 1), target), 1)), reduction);
  }
  if (y.dtype !== 'int32' || y.rank !== 1 || y.shape[0] !== n) {
    throw new Error(
      `crossEntropy: labels must be int32 [${n}] (one class index per row of logits ${showShape(x.shape)}) ` +
        `or float32 probabilities ${showShape(x.shape)}, got ${y.dtype} ${showShape(y.shape)}`,
    );
  }
  const { labels: valid, keep: keepMask, count } = dropIgnored('crossEntropy', y, k, ignoreIndex);

  let losses: Tensor;
  if (allowFused && hasKernel('SoftmaxCrossEntropy', [x, valid])) {
    const [perSample, probs] = runKernel(
      'SoftmaxCrossEntropy',
      { logits: x, labels: valid },
      { labelSmoothing: eps },
    );
    losses = record('crossEntropy', [x], perSample, [probs, valid], (dy, [probs, valid]) => {
      // d loss_i / d logits_i = softmax_i − target_i
      const target = smoothedTarget(valid, k, eps);
      return [binary('mul', binary('sub', probs, target), dy.viewAs([n, 1]))];
    });
    probs.dispose(); // the graph node holds its own handle
  } else {
    // Composed from required kernels: −Σ target · logSoftmax(logits).
    losses = neg(sum(mul(logSoftmax(x, 1), smoothedTarget(valid, k, eps)), 1));
  }
  return reduceMasked(losses, keepMask, count, reduction);
}

function checkReduction(op: string, reduction: string): void {
  if (!['mean', 'sum', 'none'].includes(reduction)) {
    throw new Error(`${op}: reduction must be 'mean', 'sum' or 'none', got '${reduction}'`);
  }
}

/**
 * Validates int32 labels against k classes, with `ignoreIndex` allowed: returns labels with the
 * ignored ones replaced by 0, a float32 [N] mask of the kept ones (null when none is ignored) and
 * how many are kept.
 */
function dropIgnored(
  op: string,
  y: Tensor,
  k: number,
  ignoreIndex: number,
): { labels: Tensor; keep: Tensor | null; count: number } {
  const values = y.dataSync();
  const bad = values.findIndex((v) => v !== ignoreIndex && (v < 0 || v >= k));
  if (bad >= 0)
    throw new Error(`${op}: label ${values[bad]} at index ${bad} is outside [0, ${k - 1}]`);
  const ignored = values.filter((v) => v === ignoreIndex).length;
  if (ignored === 0) return { labels: y, keep: null, count: values.length };
  const replaced = Int32Array.from(values, (v) => (v === ignoreIndex ? 0 : v));
  const mask = Float32Array.from(values, (v) => (v === ignoreIndex ? 0 : 1));
  return {
    labels: Tensor.fromValues(replaced, y.shape, 'int32', y.backend),
    keep: Tensor.fromValues(mask, y.shape, 'float32', y.backend),
    count: values.length - ignored,
  };
}

/** Combines per-sample losses, skipping masked ones; 'mean' divides by the kept count (NaN if none). */
function reduceMasked(
  losses: Tensor,
  keep: Tensor | null,
  count: number,
  reduction: Reduction,
): Tensor {
  if (!keep) return reduce(losses, reduction);
  const kept = mul(losses, keep);
  if (reduction === 'none') return kept;
  return reduction === 'sum' ? sum(kept) : div(sum(kept), count);
}

/** (1 − ε)·onehot(labels) + ε/K, as float32 [N, K]. */
function smoothedTarget(labels: Tensor, k: number, eps: number): Tensor {
  const onehot = runKernel('OneHot', { indices: labels }, { depth: k });
  if (eps === 0) return onehot;
  return binary('add', binary('mul', onehot, 1 - eps), eps / k);
}

/** Mean squared error, as torch.nn.functional.mse_loss. */
export function mse(input: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  const a = asFloat('mse', input, 'input');
  const b = asFloat('mse', target, 'target');
  if (a.shape.join() !== b.shape.join()) {
    throw new Error(
      `mse: input ${showShape(a.shape)} and target ${showShape(b.shape)} must have the same shape`,
    );
  }
  return reduce(square(sub(a, b)), reduction);
}

/** Options of the losses that take only a reduction. */
export interface LossOptions {
  reduction?: Reduction;
}

function sameShapes(op: string, a: Tensor, b: Tensor): void {
  if (!sameShape(a.shape, b.shape)) {
    throw new Error(
      `${op}: input ${showShape(a.shape)} and target ${showShape(b.shape)} must have the same shape`,
    );
  }
}

/** Options of nllLoss, as torch.nn.functional.nll_loss. */
export interface NllLossOptions extends LossOptions {
  /** Labels equal to this are skipped; −100 by default. */
  ignoreIndex?: number;
}

/**
 * Negative log-likelihood of log-probabilities at integer labels, as torch.nn.functional.nll_loss.
 * logProbs: [N, K], labels: int32 [N] -> a scalar [] (or [N] with reduction 'none')
 * @example
 * ```ts
 * const logProbs = logSoftmax(tensor([[2, 0, 0], [0, 0, 0]]), 1);
 * const labels = tensor([0, 1], undefined, { dtype: 'int32' });
 * console.log(nllLoss(logProbs, labels).item().toFixed(4)); // as crossEntropy: → 0.6691
 * ```
 */
export function nllLoss(logProbs: Tensor, labels: Tensor, opts: NllLossOptions = {}): Tensor {
  const x = asFloat('nllLoss', logProbs, 'input');
  const y = asTensor('nllLoss', labels, 'labels');
  const reduction = opts.reduction ?? 'mean';
  checkReduction('nllLoss', reduction);
  if (x.rank !== 2 || y.dtype !== 'int32' || y.rank !== 1 || y.shape[0] !== x.shape[0]) {
    throw new Error(
      `nllLoss: expected input [N, K] and int32 labels [N], got ${showShape(x.shape)} and ${y.dtype} ${showShape(y.shape)}`,
    );
  }
  const {
    labels: valid,
    keep,
    count,
  } = dropIgnored('nllLoss', y, x.shape[1], opts.ignoreIndex ?? -100);
  const picked = neg(reshape(gather(x, 1, valid.viewAs([x.shape[0], 1])), [x.shape[0]]));
  return reduceMasked(picked, keep, count, reduction);
}

/**
 * Binary cross-entropy of probabilities, as torch.nn.functional.binary_cross_entropy (each log is
 * clamped at −100, as PyTorch does, so a probability of exactly 0 or 1 gives a finite loss).
 * input, target: same shape, input in [0, 1] -> a scalar []
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, opts: LossOptions = {}): Tensor {
  const p = asFloat('binaryCrossEntropy', input, 'input');
  const t = asFloat('binaryCrossEntropy', target, 'target');
  sameShapes('binaryCrossEntropy', p, t);
  const reduction = opts.reduction ?? 'mean';
  checkReduction('binaryCrossEntropy', reduction);
  const logP = clamp(log(p), -100);
  const logQ = clamp(log(sub(1, p)), -100);
  return reduce(neg(add(mul(t, logP), mul(sub(1, t), logQ))), reduction);
}

/** Options of binaryCrossEntropyWithLogits. */
export interface BceWithLogitsOptions extends LossOptions {
  /** Weight of the positive term, broadcast along the last axis (PyTorch's pos_weight). */
  posWeight?: Tensor;
}

/**
 * Binary cross-entropy on logits, as torch.nn.functional.binary_cross_entropy_with_logits:
 * softplus(x) − t·x, finite for any logit (no sigmoid is rounded to 0 or 1 first).
 * input, target: same shape -> a scalar []
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  opts: BceWithLogitsOptions = {},
): Tensor {
  const x = asFloat('binaryCrossEntropyWithLogits', input, 'input');
  const t = asFloat('binaryCrossEntropyWithLogits', target, 'target');
  sameShapes('binaryCrossEntropyWithLogits', x, t);
  const reduction = opts.reduction ?? 'mean';
  checkReduction('binaryCrossEntropyWithLogits', reduction);
  let losses: Tensor;
  if (opts.posWeight) {
    // (1 − t)·x + (1 + (w − 1)·t)·softplus(−x)
    const w = asFloat('binaryCrossEntropyWithLogits', opts.posWeight, 'posWeight');
    const scale = add(mul(sub(w, 1), t), 1);
    losses = add(mul(sub(1, t), x), mul(scale, softplus(neg(x))));
  } else {
    losses = sub(softplus(x), mul(t, x));
  }
  return reduce(losses, reduction);
}

/** Mean absolute error, as torch.nn.functional.l1_loss. */
export function l1Loss(input: Tensor, target: Tensor, opts: LossOptions = {}): Tensor {
  const a = asFloat('l1Loss', input, 'input');
  const b = asFloat('l1Loss', target, 'target');
  sameShapes('l1Loss', a, b);
  const reduction = opts.reduction ?? 'mean';
  checkReduction('l1Loss', reduction);
  return reduce(abs(sub(a, b)), reduction);
}

/** Options of smoothL1Loss. */
export interface SmoothL1Options extends LossOptions {
  /** Where the loss turns from quadratic to linear; 1 by default. */
  beta?: number;
}

/**
 * Huber-style loss, as torch.nn.functional.smooth_l1_loss: 0.5·d²/β where |d| < β, |d| − 0.5·β
 * elsewhere (β = 0 gives l1Loss).
 */
export function smoothL1Loss(input: Tensor, target: Tensor, opts: SmoothL1Options = {}): Tensor {
  const a = asFloat('smoothL1Loss', input, 'input');
  const b = asFloat('smoothL1Loss', target, 'target');
  sameShapes('smoothL1Loss', a, b);
  const beta = opts.beta ?? 1;
  if (!(beta >= 0)) throw new Error(`smoothL1Loss: beta must be >= 0, got ${beta}`);
  const reduction = opts.reduction ?? 'mean';
  checkReduction('smoothL1Loss', reduction);
  const d = sub(a, b);
  const ad = abs(d);
  const losses =
    beta === 0 ? ad : where(less(ad, beta), div(mul(square(d), 0.5), beta), sub(ad, 0.5 * beta));
  return reduce(losses, reduction);
}
