import type { KernelFn } from '../../../kernels.js';
import type { CpuBackend } from '../cpu-backend.js';
import { gemm, rowMajor, transposed } from '../gemm.js';
import { col2im, isPointwise, scratchBuffer } from '../im2col.js';

// dy: [N, O, OH, OW], w: [O, C, KH, KW] -> dx: [N, C, H, W]
// Per image: dcols [C·KH·KW, OH·OW] = wᵀ · dy[n], then col2im scatters dcols onto dx[n].
export const conv2dBackpropInput: KernelFn<CpuBackend, 'Conv2DBackpropInput'> = (
  b,
  { dy, w },
  { conv: c },
) => {
  const pointwise = isPointwise(c);
  const { values, info } = b.empty(
    [c.batch, c.inChannels, c.inHeight, c.inWidth],
    'float32',
    !pointwise,
  );
  const dx = values as Float32Array;
  const dyv = b.floats(dy);
  const wv = b.floats(w);
  const ckk = c.inChannels * c.kernelHeight * c.kernelWidth;
  const ohw = c.outHeight * c.outWidth;
  const chw = c.inChannels * c.inHeight * c.inWidth;
  const dcols = pointwise ? dx : scratchBuffer(ckk * ohw);
  for (let n = 0; n < c.batch; n++) {
    // wᵀ [C·KH·KW, O] is read in place through strides.
    const grad = rowMajor(dyv, n * c.outChannels * ohw, ohw);
    gemm(
      ckk,
      ohw,
      c.outChannels,
      transposed(wv, 0, ckk),
      grad,
      dcols,
      pointwise ? n * chw : 0,
      false,
    );
    if (!pointwise) col2im(dcols, c, dx, n * chw);
  }
  return info;
};
