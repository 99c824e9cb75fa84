// Per-channel sums over [N, C, S] tensors for batch norm, in two passes: each (n, c) sums its S
// values, then each channel sums its N partial sums (N·C threads, not C, and float32 sums of
// S and N terms instead of one of N·S).
import { sizeOf, type TensorInfo } from '@digitnet/core';
import { kernelSource } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';

/** What is summed per element: x, (x − mean)², dy, or dy·(x − mean). */
export type ChannelTerm = 'x' | 'squaredDeviation' | 'dy' | 'dyDeviation';

const TERMS: Record<ChannelTerm, { args: string[]; value: string }> = {
  x: { args: ['x'], value: 'x[j]' },
  squaredDeviation: { args: ['x', 'mean'], value: '(x[j] - mean[c]) * (x[j] - mean[c])' },
  dy: { args: ['dy'], value: 'dy[j]' },
  dyDeviation: { args: ['dy', 'x', 'mean'], value: 'dy[j] * (x[j] - mean[c])' },
};

/** Geometry of x viewed as [N, C, S]. */
export function channelView(x: TensorInfo): { n: number; c: number; s: number } {
  const [n, c] = x.shape;
  return { n, c, s: sizeOf(x.shape.slice(2)) };
}

/** Σ over n and s of the term, per channel, times `scale` -> [C]. `inputs` follow the term's args. */
export function channelSums(
  b: GpuBackend,
  term: ChannelTerm,
  inputs: readonly TensorInfo[],
  scale: number,
): TensorInfo {
  const { n, c, s } = channelView(inputs[0]);
  const { args, value } = TERMS[term];
  const partialSource = () => ({
    source: kernelSource(args, [
      'const i = this.thread.x;',
      `const c = i - Math.floor((i + 0.5) / ${c}) * ${c};`,
      `const base = i * ${s};`,
      'let acc = 0;',
      `for (let k = 0; k < ${s}; k++) {`,
      '  const j = base + k;',
      `  acc += ${value};`,
      '}',
      'return acc;',
    ]),
    loopMax: s,
  });
  const key = `BatchNorm sums ${term} ${n} ${c} ${s}`;
  const partial = b.run(key, partialSource, inputs, [n, c], 'float32');
  const totalSource = () => ({
    source: kernelSource(
      ['partial', 'scale'],
      [
        'let acc = 0;',
        `for (let k = 0; k < ${n}; k++) {`,
        `  acc += partial[k * ${c} + this.thread.x];`,
        '}',
        'return acc * scale;',
      ],
    ),
    loopMax: n,
  });
  const total = b.run(`BatchNorm totals ${n} ${c}`, totalSource, [partial, scale], [c], 'float32');
  b.dispose(partial.dataId);
  return total;
}
