import type { KernelFn, Pool2DInfo } from '../../../kernels.js';
import type { CpuBackend } from '../cpu-backend.js';

// x: [N, C, H, W] -> [y: [N, C, OH, OW], indices: int32 flat into each H·W plane]
export const maxPool2d: KernelFn<CpuBackend, 'MaxPool2D'> = (b, { x }, { pool: p }) => {
  const shape = [p.batch, p.channels, p.outHeight, p.outWidth];
  const { values: y, info } = b.empty(shape, 'float32');
  const { values: idx, info: idxInfo } = b.empty(shape, 'int32');
  const xv = b.floats(x);
  const H = p.inHeight;
  const W = p.inWidth;
  if (isHalving(p)) {
    halve(xv, y as Float32Array, idx as Int32Array, p);
    return [info, idxInfo];
  }
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

/** The common 2x2, stride-2, unpadded window (every window inside the image). */
function isHalving(p: Pool2DInfo): boolean {
  return (
    p.kernelHeight === 2 &&
    p.kernelWidth === 2 &&
    p.strideHeight === 2 &&
    p.strideWidth === 2 &&
    p.padTop === 0 &&
    p.padLeft === 0 &&
    p.outHeight * 2 <= p.inHeight &&
    p.outWidth * 2 <= p.inWidth
  );
}

// The 2x2 fast path: four loads, no bounds, the same first-max-wins and NaN rules as the general loop.
function halve(xv: Float32Array, y: Float32Array, idx: Int32Array, p: Pool2DInfo): void {
  const { inHeight: H, inWidth: W, outHeight: OH, outWidth: OW } = p;
  const planes = p.batch * p.channels;
  let o = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * H * W;
    for (let oh = 0; oh < OH; oh++) {
      const top = 2 * oh * W;
      for (let ow = 0; ow < OW; ow++, o++) {
        const i0 = top + 2 * ow;
        const a = xv[base + i0];
        const bR = xv[base + i0 + 1];
        const c = xv[base + i0 + W];
        const d = xv[base + i0 + W + 1];
        let index = i0;
        let best = a;
        let take = +(bR > best) | +Number.isNaN(bR);
        index += take * (i0 + 1 - index);
        best = take ? bR : best;
        take = +(c > best) | +Number.isNaN(c);
        index += take * (i0 + W - index);
        best = take ? c : best;
        take = +(d > best) | +Number.isNaN(d);
        index += take * (i0 + W + 1 - index);
        best = take ? d : best;
        y[o] = best;
        idx[o] = index;
      }
    }
  }
}
