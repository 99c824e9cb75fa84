import type { KernelFn } from '../../../kernels.js';
import type { CpuBackend } from '../cpu-backend.js';

// x: [N, C, ...] (viewed as [N, C, S]), weight/bias: [C] -> [y, mean: [C], variance: [C]]
// Two passes per channel in float64 (mean, then the centred sum of squares), one to write y.
export const batchNormTrain: KernelFn<CpuBackend, 'BatchNormTrain'> = (
  b,
  { x, weight, bias },
  { eps },
) => {
  const [n, c] = x.shape;
  const s = x.shape.slice(2).reduce((a, d) => a * d, 1);
  const count = n * s;
  const { values: yv, info: yInfo } = b.empty(x.shape, 'float32');
  const { values: meanV, info: meanInfo } = b.empty([c], 'float32');
  const { values: varV, info: varInfo } = b.empty([c], 'float32');
  const xv = b.floats(x);
  const w = weight ? b.floats(weight) : null;
  const bb = bias ? b.floats(bias) : null;
  for (let ch = 0; ch < c; ch++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const base = (i * c + ch) * s;
      for (let j = base; j < base + s; j++) sum += xv[j];
    }
    const mean = sum / count;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const base = (i * c + ch) * s;
      for (let j = base; j < base + s; j++) {
        const d = xv[j] - mean;
        sq += d * d;
      }
    }
    const variance = sq / count;
    meanV[ch] = mean;
    varV[ch] = variance;
    // y = (x − mean)·invStd·w + b = x·scale + shift
    const invStd = 1 / Math.sqrt(variance + eps);
    const scale = invStd * (w ? w[ch] : 1);
    const shift = (bb ? bb[ch] : 0) - mean * scale;
    for (let i = 0; i < n; i++) {
      const base = (i * c + ch) * s;
      for (let j = base; j < base + s; j++) yv[j] = xv[j] * scale + shift;
    }
  }
  return [yInfo, meanInfo, varInfo];
};
