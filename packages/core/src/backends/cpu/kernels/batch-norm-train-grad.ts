import type { KernelFn } from '../../../kernels.js';
import type { CpuBackend } from '../cpu-backend.js';

// dy, x: [N, C, ...], mean/variance/weight: [C] -> [dx, dweight: [C], dbias: [C]]
// With x̂ = (x − mean)·invStd and M values per channel:
//   dbias = Σ dy, dweight = Σ dy·x̂, dx = w·invStd/M · (M·dy − Σ dy − x̂·Σ dy·x̂)
export const batchNormTrainGrad: KernelFn<CpuBackend, 'BatchNormTrainGrad'> = (
  b,
  { dy, x, mean, variance, weight },
  { eps },
) => {
  const [n, c] = x.shape;
  const s = x.shape.slice(2).reduce((a, d) => a * d, 1);
  const count = n * s;
  const { values: dxv, info: dxInfo } = b.empty(x.shape, 'float32');
  const { values: dwv, info: dwInfo } = b.empty([c], 'float32');
  const { values: dbv, info: dbInfo } = b.empty([c], 'float32');
  const xv = b.floats(x);
  const g = b.floats(dy);
  const meanV = b.floats(mean);
  const varV = b.floats(variance);
  const w = weight ? b.floats(weight) : null;
  for (let ch = 0; ch < c; ch++) {
    const m = meanV[ch];
    const invStd = 1 / Math.sqrt(varV[ch] + eps);
    let sumDy = 0;
    let sumDyXhat = 0;
    for (let i = 0; i < n; i++) {
      const base = (i * c + ch) * s;
      for (let j = base; j < base + s; j++) {
        sumDy += g[j];
        sumDyXhat += g[j] * (xv[j] - m);
      }
    }
    sumDyXhat *= invStd;
    dbv[ch] = sumDy;
    dwv[ch] = sumDyXhat;
    const k = ((w ? w[ch] : 1) * invStd) / count;
    const meanDy = sumDy;
    const xhatScale = invStd * sumDyXhat;
    for (let i = 0; i < n; i++) {
      const base = (i * c + ch) * s;
      for (let j = base; j < base + s; j++)
        dxv[j] = k * (count * g[j] - meanDy - (xv[j] - m) * xhatScale);
    }
  }
  return [dxInfo, dwInfo, dbInfo];
};
