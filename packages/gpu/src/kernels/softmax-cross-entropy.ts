import type { KernelFn } from '@digitnet/core';
import { kernelSource } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';

/** Lines computing row r's maximum `m`, Σ exp(x − m) `total` and Σ x `plain` over its k logits. */
function rowStats(k: number): string[] {
  return [
    `const row = r * ${k};`,
    'let m = logits[row];',
    `for (let j = 1; j < ${k}; j++) {`,
    '  m = Math.max(m, logits[row + j]);',
    '}',
    'let total = 0;',
    'let plain = 0;',
    `for (let j = 0; j < ${k}; j++) {`,
    '  total += Math.exp(logits[row + j] - m);',
    '  plain += logits[row + j];',
    '}',
  ];
}

// logits: [N, K], labels: int32 [N] -> [losses: [N], probabilities: [N, K]]
// loss_r = logsumexp(x_r) − Σ_k t_rk·x_rk with t = (1 − ε)·onehot + ε/K (ε a uniform).
// Labels are checked in core before any kernel runs.
export const softmaxCrossEntropy: KernelFn<GpuBackend, 'SoftmaxCrossEntropy'> = (
  b,
  { logits, labels },
  { labelSmoothing },
) => {
  const [n, k] = logits.shape;
  const lossSource = () => ({
    source: kernelSource(
      ['logits', 'labels', 'eps'],
      [
        'const r = this.thread.x;',
        ...rowStats(k),
        'const target = logits[row + labels[r]];',
        `return m + Math.log(total) - ((1 - eps) * target + (eps * plain) / ${k});`,
      ],
    ),
    loopMax: k,
  });
  const probabilitySource = () => ({
    source: kernelSource(
      ['logits'],
      [
        'const i = this.thread.x;',
        `const r = Math.floor((i + 0.5) / ${k});`,
        ...rowStats(k),
        'return Math.exp(logits[i] - m) / total;',
      ],
    ),
    loopMax: k,
  });
  const key = `SoftmaxCrossEntropy ${n} ${k}`;
  const losses = b.run(
    `${key} losses`,
    lossSource,
    [logits, labels, labelSmoothing],
    [n],
    'float32',
  );
  const probabilities = b.run(
    `${key} probabilities`,
    probabilitySource,
    [logits],
    [n, k],
    'float32',
  );
  return [losses, probabilities];
};
