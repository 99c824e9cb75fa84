// Batch normalisation over the channel axis of [N, C] or [N, C, ...] tensors.
import { record } from '../autograd.js';
import { hasKernel, runKernel } from '../engine.js';
import { tidy } from '../memory.js';
import { showShape, sizeOf } from '../shape/shape.js';
import type { Tensor } from '../tensor.js';
import { asFloat } from './operand.js';
import { binary, unary } from './raw.js';
import { reduceRaw } from './reduce.js';

/** Options of batchNorm, PyTorch's defaults. */
export interface BatchNormOptions {
  /** Normalise with batch statistics and update the running ones (true), or use the running ones. */
  training?: boolean;
  /** Weight of the new batch statistics in the running averages (0.1). */
  momentum?: number;
  eps?: number;
}

/**
 * Batch normalisation, as torch.nn.functional.batch_norm. In training, normalises with the batch's
 * mean and biased variance and updates runningMean/runningVar in place (unbiased variance);
 * in inference, uses the running statistics.
 * x: [N, C, ...], runningMean/runningVar/weight/bias: [C]
 */
export function batchNorm(
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight: Tensor | null,
  bias: Tensor | null,
  opts: BatchNormOptions = {},
): Tensor {
  return batchNormWith(x, runningMean, runningVar, weight, bias, opts, true);
}

/** @internal batchNorm choosing whether fused kernels may be used (the conformance suite compares both). */
export function batchNormWith(
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight: Tensor | null,
  bias: Tensor | null,
  opts: BatchNormOptions,
  allowFused: boolean,
): Tensor {
  const input = asFloat('batchNorm', x);
  if (input.rank < 2)
    throw new Error(`batchNorm: input must be [N, C, ...], got ${showShape(input.shape)}`);
  const channels = input.shape[1];
  for (const [name, t] of Object.entries({ runningMean, runningVar, weight, bias })) {
    if (t && (t.rank !== 1 || t.shape[0] !== channels)) {
      throw new Error(
        `batchNorm: ${name} ${showShape(t.shape)} must be [${channels}] for input ${showShape(input.shape)}`,
      );
    }
  }
  const training = opts.training ?? false;
  const momentum = opts.momentum ?? 0.1;
  const eps = opts.eps ?? 1e-5;
  const axes = [0, ...input.shape.slice(2).map((_, i) => i + 2)];
  const count = sizeOf(axes.map((a) => input.shape[a]));
  const statShape = input.shape.map((d, i) => (i === 1 ? d : 1));
  const perChannel = (t: Tensor) => t.viewAs(statShape);

  const usesBatchStats = training || !runningMean || !runningVar;
  if (usesBatchStats && count <= 1) {
    throw new Error(
      `batchNorm: training needs more than one value per channel, got input ${showShape(input.shape)}`,
    );
  }
  if (
    usesBatchStats &&
    allowFused &&
    hasKernel('BatchNormTrain', [input]) &&
    hasKernel('BatchNormTrainGrad', [input])
  ) {
    return batchNormFused(input, weight, bias, eps, (mean, variance) => {
      if (training && runningMean && runningVar)
        updateRunning(runningMean, runningVar, mean, variance, momentum, count);
    });
  }
  const [out, normalized, invStd] = tidy(() => {
    let mean: Tensor;
    let variance: Tensor;
    if (usesBatchStats) {
      mean = binary('div', reduceRaw('sum', input, axes, true), count);
      variance = binary(
        'div',
        reduceRaw('sum', unary('square', binary('sub', input, mean)), axes, true),
        count,
      );
      if (training && runningMean && runningVar) {
        updateRunning(
          runningMean,
          runningVar,
          mean.viewAs([channels]),
          variance.viewAs([channels]),
          momentum,
          count,
        );
      }
    } else {
      mean = perChannel(runningMean!);
      variance = perChannel(runningVar!);
    }
    const invStd = unary('reciprocal', unary('sqrt', binary('add', variance, eps)));
    const normalized = binary('mul', binary('sub', input, mean), invStd);
    const scaled = weight ? binary('mul', normalized, perChannel(weight)) : normalized;
    const out = bias ? binary('add', scaled, perChannel(bias)) : scaled;
    return [out, normalized, invStd];
  });

  const inputs = [input, ...(weight ? [weight] : []), ...(bias ? [bias] : [])];
  const recorded = record(
    'batchNorm',
    inputs,
    out,
    [normalized, invStd, ...(weight ? [weight] : [])],
    (dy, [normalized, invStd, w]) => {
      const grads: (Tensor | null)[] = [];
      const dNormalized = w ? binary('mul', dy, perChannel(w)) : dy;
      if (input.requiresGrad) {
        if (usesBatchStats) {
          // dx = invStd/n · (n·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)), the mean and variance depending on x.
          const sumD = reduceRaw('sum', dNormalized, axes, true);
          const sumDX = reduceRaw('sum', binary('mul', dNormalized, normalized), axes, true);
          const inner = binary(
            'sub',
            binary('sub', binary('mul', dNormalized, count), sumD),
            binary('mul', normalized, sumDX),
          );
          grads.push(binary('mul', inner, binary('div', invStd, count)));
        } else {
          grads.push(binary('mul', dNormalized, invStd));
        }
      } else {
        grads.push(null);
      }
      if (weight) grads.push(reduceRaw('sum', binary('mul', dy, normalized), axes, false));
      if (bias) grads.push(reduceRaw('sum', dy, axes, false));
      return grads;
    },
  );
  // The graph node (if any) holds its own handles on what backward reads.
  if (normalized !== out) normalized.dispose();
  invStd.dispose();
  return recorded;
}

/** running = (1 − momentum)·running + momentum·batch, with the unbiased variance (n / (n − 1)). */
function updateRunning(
  runningMean: Tensor,
  runningVar: Tensor,
  mean: Tensor,
  variance: Tensor,
  momentum: number,
  count: number,
): void {
  tidy(() => {
    const update = (running: Tensor, batch: Tensor) =>
      running.assignFrom(
        binary('add', binary('mul', running, 1 - momentum), binary('mul', batch, momentum)),
      );
    update(runningMean, mean);
    update(runningVar, binary('mul', variance, count / (count - 1)));
  });
}

/** Training-mode batch norm with the backend's fused kernels (one pass forward, one backward). */
function batchNormFused(
  input: Tensor,
  weight: Tensor | null,
  bias: Tensor | null,
  eps: number,
  onStats: (mean: Tensor, variance: Tensor) => void,
): Tensor {
  const affine = { ...(weight ? { weight } : {}), ...(bias ? { bias } : {}) };
  const [out, mean, variance] = runKernel('BatchNormTrain', { x: input, ...affine }, { eps });
  onStats(mean, variance);
  const inputs = [input, ...(weight ? [weight] : []), ...(bias ? [bias] : [])];
  const saved = [input, mean, variance, ...(weight ? [weight] : [])];
  const recorded = record('batchNorm', inputs, out, saved, (dy, [input, mean, variance, w]) => {
    const [dx, dw, db] = runKernel(
      'BatchNormTrainGrad',
      { dy, x: input, mean, variance, ...(w ? { weight: w } : {}) },
      { eps },
    );
    return [input.requiresGrad ? dx : null, ...(weight ? [dw] : []), ...(bias ? [db] : [])];
  });
  // The graph node (if any) holds its own handles on what backward reads.
  mean.dispose();
  variance.dispose();
  return recorded;
}
