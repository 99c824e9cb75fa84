import type { KernelFn, Pool2DInfo } from '../../../kernels.js';
import type { CpuBackend } from '../cpu-backend.js';

/** The window of output (oh, ow) clipped to the input, and its divisor (PyTorch's rules). */
export function avgWindow(
  p: Pool2DInfo,
  oh: number,
  ow: number,
): [number, number, number, number, number] {
  let h0 = oh * p.strideHeight - p.padTop;
  let w0 = ow * p.strideWidth - p.padLeft;
  let h1 = Math.min(h0 + p.kernelHeight, p.inHeight + p.padTop);
  let w1 = Math.min(w0 + p.kernelWidth, p.inWidth + p.padLeft);
  const padded = (h1 - h0) * (w1 - w0);
  h0 = Math.max(h0, 0);
  w0 = Math.max(w0, 0);
  h1 = Math.min(h1, p.inHeight);
  w1 = Math.min(w1, p.inWidth);
  return [h0, h1, w0, w1, p.countIncludePad ? padded : (h1 - h0) * (w1 - w0)];
}

// x: [N, C, H, W] -> [N, C, OH, OW]
export const avgPool2d: KernelFn<CpuBackend, 'AvgPool2D'> = (b, { x }, { pool: p }) => {
  const { values: y, info } = b.empty([p.batch, p.channels, p.outHeight, p.outWidth], 'float32');
  const xv = b.floats(x);
  const W = p.inWidth;
  let o = 0;
  for (let plane = 0; plane < p.batch * p.channels; plane++) {
    const base = plane * p.inHeight * W;
    for (let oh = 0; oh < p.outHeight; oh++) {
      for (let ow = 0; ow < p.outWidth; ow++, o++) {
        const [h0, h1, w0, w1, divisor] = avgWindow(p, oh, ow);
        let s = 0;
        for (let ih = h0; ih < h1; ih++)
          for (let iw = w0; iw < w1; iw++) s += xv[base + ih * W + iw];
        y[o] = s / divisor;
      }
    }
  }
  return info;
};
