import type { KernelFn } from '../../../kernels.js';
import type { CpuBackend } from '../cpu-backend.js';
import { avgWindow } from './avg-pool2d.js';

// dy: [N, C, OH, OW] -> dx: [N, C, H, W], each dy shared over its window
export const avgPool2dBackprop: KernelFn<CpuBackend, 'AvgPool2DBackprop'> = (
  b,
  { dy },
  { pool: p },
) => {
  const { values, info } = b.empty([p.batch, p.channels, p.inHeight, p.inWidth], 'float32', true);
  const dx = values as Float32Array;
  const dyv = b.floats(dy);
  const W = p.inWidth;
  let o = 0;
  for (let plane = 0; plane < p.batch * p.channels; plane++) {
    const base = plane * p.inHeight * W;
    for (let oh = 0; oh < p.outHeight; oh++) {
      for (let ow = 0; ow < p.outWidth; ow++, o++) {
        const [h0, h1, w0, w1, divisor] = avgWindow(p, oh, ow);
        const g = dyv[o] / divisor;
        for (let ih = h0; ih < h1; ih++)
          for (let iw = w0; iw < w1; iw++) dx[base + ih * W + iw] += g;
      }
    }
  }
  return info;
};
