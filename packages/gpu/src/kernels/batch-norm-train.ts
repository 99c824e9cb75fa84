import type { KernelFn } from '@digitnet/core';
import { kernelSource } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';
import { channelSums, channelView } from './channel-sums.js';

// x: [N, C, ...] (viewed as [N, C, S]), weight/bias: [C] -> [y, mean: [C], variance: [C] (biased)]
// Two passes (the mean, then the centred sum of squares), then y = (x − mean)·w/√(var + eps) + b.
export const batchNormTrain: KernelFn<GpuBackend, 'BatchNormTrain'> = (
  b,
  { x, weight, bias },
  { eps },
) => {
  const { n, c, s } = channelView(x);
  const count = n * s;
  const mean = channelSums(b, 'x', [x], 1 / count);
  const variance = channelSums(b, 'squaredDeviation', [x, mean], 1 / count);
  const args = [
    'x',
    'mean',
    'variance',
    'eps',
    ...(weight ? ['weight'] : []),
    ...(bias ? ['bias'] : []),
  ];
  const source = () => ({
    source: kernelSource(args, [
      'const i = this.thread.x;',
      `const q = Math.floor((i + 0.5) / ${s});`,
      `const ch = q - Math.floor((q + 0.5) / ${c}) * ${c};`,
      `const scale = ${weight ? 'weight[ch]' : '1'} / Math.sqrt(variance[ch] + eps);`,
      `return (x[i] - mean[ch]) * scale${bias ? ' + bias[ch]' : ''};`,
    ]),
  });
  const key = `BatchNormTrain ${n} ${c} ${s} ${weight ? 'w' : ''}${bias ? 'b' : ''}`;
  const inputs = [x, mean, variance, eps, ...(weight ? [weight] : []), ...(bias ? [bias] : [])];
  const y = b.run(key, source, inputs, x.shape, 'float32');
  return [y, mean, variance];
};
