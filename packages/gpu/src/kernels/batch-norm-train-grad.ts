import type { KernelFn } from '@digitnet/core';
import { kernelSource } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';
import { channelSums, channelView } from './channel-sums.js';

// dy, x: [N, C, ...], mean/variance/weight: [C] -> [dx, dweight: [C], dbias: [C]]
// With x̂ = (x − mean)·invStd and M values per channel:
//   dbias = Σ dy, dweight = Σ dy·x̂, dx = w·invStd/M · (M·dy − Σ dy − x̂·Σ dy·x̂)
export const batchNormTrainGrad: KernelFn<GpuBackend, 'BatchNormTrainGrad'> = (
  b,
  { dy, x, mean, variance, weight },
  { eps },
) => {
  const { n, c, s } = channelView(x);
  const count = n * s;
  const dbias = channelSums(b, 'dy', [dy], 1);
  const sumDyDeviation = channelSums(b, 'dyDeviation', [dy, x, mean], 1);
  const dweight = b.run(
    `BatchNormTrainGrad dweight ${c}`,
    () => ({
      source: kernelSource(
        ['sums', 'variance', 'eps'],
        ['return sums[this.thread.x] / Math.sqrt(variance[this.thread.x] + eps);'],
      ),
    }),
    [sumDyDeviation, variance, eps],
    [c],
    'float32',
  );
  b.dispose(sumDyDeviation.dataId);
  const args = [
    'dy',
    'x',
    'mean',
    'variance',
    'dbias',
    'dweight',
    'eps',
    ...(weight ? ['weight'] : []),
  ];
  const source = () => ({
    source: kernelSource(args, [
      'const i = this.thread.x;',
      `const q = Math.floor((i + 0.5) / ${s});`,
      `const ch = q - Math.floor((q + 0.5) / ${c}) * ${c};`,
      'const invStd = 1 / Math.sqrt(variance[ch] + eps);',
      `const k = (${weight ? 'weight[ch]' : '1'} * invStd) / ${count};`,
      `return k * (${count} * dy[i] - dbias[ch] - (x[i] - mean[ch]) * invStd * dweight[ch]);`,
    ]),
  });
  const inputs = [dy, x, mean, variance, dbias, dweight, eps, ...(weight ? [weight] : [])];
  const key = `BatchNormTrainGrad dx ${n} ${c} ${s} ${weight ? 'w' : ''}`;
  const dx = b.run(key, source, inputs, x.shape, 'float32');
  return [dx, dweight, dbias];
};
