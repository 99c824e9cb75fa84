import type { KernelFn } from '../../../kernels.js';
import type { CpuBackend } from '../cpu-backend.js';

// x: [N, C, H, W] -> [y: [N, C, OH, OW], indices: int32 flat into each H·W plane]
export const maxPool2d: KernelFn<CpuBackend, 'MaxPool2D'> = (b, { x }, { pool: p }) => {
  const shape = [p.batch, p.channels, p.outHeight, p.outWidth];
  const { values: y, info } = b.empty(shape, 'float32');
  const { values: idx, info: idxInfo } = b.empty(shape, 'int32');
  const xv = b.floats(x);
  const H = p.inHeight;
  const W = p.inWidth;
  let o = 0;
  for (let plane = 0; plane < p.batch * p.channels; plane++) {
    const base = plane * H * W;
    for (let oh = 0; oh < p.outHeight; oh++) {
      const h0 = oh * p.strideHeight - p.padTop;
      const hStart = Math.max(h0, 0);
      const hEnd = Math.min(h0 + p.kernelHeight, H);
      for (let ow = 0; ow < p.outWidth; ow++, o++) {
        const w0 = ow * p.strideWidth - p.padLeft;
        const wStart = Math.max(w0, 0);
        const wEnd = Math.min(w0 + p.kernelWidth, W);
        // The first element of the window starts; later ones win only when strictly larger
        // (first max wins ties, as PyTorch) or NaN (which propagates). Branch-free: the winner
        // of a random window is unpredictable.
        let bestIndex = hStart * W + wStart;
        let best = xv[base + bestIndex];
        for (let ih = hStart; ih < hEnd; ih++) {
          for (let iw = wStart; iw < wEnd; iw++) {
            const index = ih * W + iw;
            const v = xv[base + index];
            const take = +(v > best) | +Number.isNaN(v);
            bestIndex += take * (index - bestIndex);
            best = take ? v : best;
          }
        }
        y[o] = best;
        idx[o] = bestIndex;
      }
    }
  }
  return [info, idxInfo];
};
