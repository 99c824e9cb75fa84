// Losses: cross-entropy on logits with integer labels, and mean squared error.
import { record } from '../autograd.js';
import { hasKernel, runKernel } from '../engine.js';
import { showShape } from '../shape/shape.js';
import type { Tensor } from '../tensor.js';
import { mul, sub } from './arithmetic.js';
import { asFloat, asTensor } from './operand.js';
import { binary } from './raw.js';
import { mean, sum } from './reduce.js';
import { logSoftmax } from './softmax.js';
import { neg, square } from './unary.js';

/** How per-sample losses are combined. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options of crossEntropy, as torch.nn.functional.cross_entropy. */
export interface CrossEntropyOptions {
  reduction?: Reduction;
  /** Mixes the one-hot target with the uniform distribution: (1 − ε)·onehot + ε/K. */
  labelSmoothing?: number;
}

function reduce(losses: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return losses;
  return reduction === 'sum' ? sum(losses) : mean(losses);
}

/**
 * Cross-entropy between logits and integer class labels (softmax + negative log-likelihood).
 * logits: [N, K], labels: int32 [N] -> a scalar (or [N] with reduction 'none')
 * @example crossEntropy(model.forward(x), y)
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
  if (x.rank !== 2)
    throw new Error(`crossEntropy: logits must be [N, K], got ${showShape(x.shape)}`);
  const [n, k] = x.shape;
  if (y.dtype !== 'int32' || y.rank !== 1 || y.shape[0] !== n) {
    throw new Error(
      `crossEntropy: labels must be int32 [${n}] (one class index per row of logits ${showShape(x.shape)}), ` +
        `got ${y.dtype} ${showShape(y.shape)}`,
    );
  }
  if (!(eps >= 0 && eps <= 1))
    throw new Error(`crossEntropy: labelSmoothing must be in [0, 1], got ${eps}`);
  const values = y.dataSync();
  const bad = values.findIndex((v) => v < 0 || v >= k);
  if (bad >= 0)
    throw new Error(`crossEntropy: label ${values[bad]} at index ${bad} is outside [0, ${k - 1}]`);
  if (!['mean', 'sum', 'none'].includes(reduction)) {
    throw new Error(`crossEntropy: reduction must be 'mean', 'sum' or 'none', got '${reduction}'`);
  }

  let losses: Tensor;
  if (allowFused && hasKernel('SoftmaxCrossEntropy', [x, y])) {
    const [perSample, probs] = runKernel(
      'SoftmaxCrossEntropy',
      { logits: x, labels: y },
      { labelSmoothing: eps },
    );
    losses = record('crossEntropy', [x], perSample, [probs], (dy) => {
      // d loss_i / d logits_i = softmax_i − target_i
      const target = smoothedTarget(y, k, eps);
      return [binary('mul', binary('sub', probs, target), dy.viewAs([n, 1]))];
    });
    if (!losses.gradFn) probs.dispose();
  } else {
    // Composed from required kernels: −Σ target · logSoftmax(logits).
    losses = neg(sum(mul(logSoftmax(x, 1), smoothedTarget(y, k, eps)), 1));
  }
  return reduce(losses, reduction);
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
