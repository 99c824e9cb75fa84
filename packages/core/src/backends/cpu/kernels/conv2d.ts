import type { KernelFn } from '../../../kernels.js';
import type { CpuBackend } from '../cpu-backend.js';
import { gemm, rowMajor } from '../gemm.js';
import { im2col, isPointwise, scratchBuffer } from '../im2col.js';

// x: [N, C, H, W], w: [O, C, KH, KW], bias: [O] -> [N, O, OH, OW]
// Per image: out[n] [O, OH·OW] = w [O, C·KH·KW] · im2col(x[n]) [C·KH·KW, OH·OW], plus bias.
export const conv2d: KernelFn<CpuBackend, 'Conv2D'> = (b, { x, w, bias }, { conv: c }) => {
  const { values, info } = b.empty([c.batch, c.outChannels, c.outHeight, c.outWidth], 'float32');
  const y = values as Float32Array;
  const xv = b.floats(x);
  const wv = b.floats(w);
  const ckk = c.inChannels * c.kernelHeight * c.kernelWidth;
  const ohw = c.outHeight * c.outWidth;
  const chw = c.inChannels * c.inHeight * c.inWidth;
  const pointwise = isPointwise(c);
  const cols = pointwise ? xv : scratchBuffer(ckk * ohw);
  for (let n = 0; n < c.batch; n++) {
    if (!pointwise) im2col(xv, n * chw, c, cols);
    const patches = rowMajor(cols, pointwise ? n * chw : 0, ohw);
    gemm(c.outChannels, ohw, ckk, rowMajor(wv, 0, ckk), patches, y, n * c.outChannels * ohw, false);
  }
  if (bias) {
    const bv = b.floats(bias);
    for (let n = 0; n < c.batch; n++) {
      for (let o = 0; o < c.outChannels; o++) {
        const start = (n * c.outChannels + o) * ohw;
        const v = bv[o];
        for (let i = start; i < start + ohw; i++) y[i] += v;
      }
    }
  }
  return info;
};
