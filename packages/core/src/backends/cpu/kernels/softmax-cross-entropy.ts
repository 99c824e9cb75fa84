import type { KernelFn } from '../../../kernels.js';
import type { CpuBackend } from '../cpu-backend.js';

// logits: [N, K], labels: int32 [N] -> [losses: [N], probabilities: [N, K]]
// loss_i = logsumexp(x_i) − Σ_k t_ik·x_ik with t = (1 − ε)·onehot + ε/K, in one pass per row.
export const softmaxCrossEntropy: KernelFn<CpuBackend, 'SoftmaxCrossEntropy'> = (
  b,
  { logits, labels },
  { labelSmoothing: eps },
) => {
  const [n, k] = logits.shape;
  const { values: losses, info: lossInfo } = b.empty([n], 'float32');
  const { values: probs, info: probInfo } = b.empty([n, k], 'float32');
  const x = b.floats(logits);
  const y = b.data(labels);
  for (let i = 0; i < n; i++) {
    const row = i * k;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < k; j++) if (x[row + j] > max) max = x[row + j];
    let sum = 0;
    let mean = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.exp(x[row + j] - max);
      probs[row + j] = e;
      sum += e;
      mean += x[row + j];
    }
    for (let j = 0; j < k; j++) probs[row + j] /= sum;
    const logSumExp = max + Math.log(sum);
    const label = y[i];
    if (label < 0 || label >= k)
      throw new Error(`label ${label} at index ${i} is outside [0, ${k - 1}]`);
    losses[i] = logSumExp - ((1 - eps) * x[row + label] + (eps * mean) / k);
  }
  return [lossInfo, probInfo];
};
