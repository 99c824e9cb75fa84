import type { KernelFn } from '../../../kernels.js';
import type { CpuBackend } from '../cpu-backend.js';
import { gemm, rowMajor, transposed } from '../gemm.js';
import { im2col, isPointwise, scratchBuffer } from '../im2col.js';

// x: [N, C, H, W], dy: [N, O, OH, OW] -> dw: [O, C, KH, KW]
// dw [O, C·KH·KW] = Σ_n dy[n] [O, OH·OW] · im2col(x[n])ᵀ.
export const conv2dBackpropFilter: KernelFn<CpuBackend, 'Conv2DBackpropFilter'> = (
  b,
  { x, dy },
  { conv: c },
) => {
  const { values, info } = b.empty(
    [c.outChannels, c.inChannels, c.kernelHeight, c.kernelWidth],
    'float32',
    true,
  );
  const dw = values as Float32Array;
  const xv = b.floats(x);
  const dyv = b.floats(dy);
  const ckk = c.inChannels * c.kernelHeight * c.kernelWidth;
  const ohw = c.outHeight * c.outWidth;
  const chw = c.inChannels * c.inHeight * c.inWidth;
  const pointwise = isPointwise(c);
  const cols = pointwise ? xv : scratchBuffer(ckk * ohw);
  for (let n = 0; n < c.batch; n++) {
    if (!pointwise) im2col(xv, n * chw, c, cols);
    const grad = rowMajor(dyv, n * c.outChannels * ohw, ohw);
    gemm(
      c.outChannels,
      ckk,
      ohw,
      grad,
      transposed(cols, pointwise ? n * chw : 0, ohw),
      dw,
      0,
      true,
    );
  }
  return info;
};
