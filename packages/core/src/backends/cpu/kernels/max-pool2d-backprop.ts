import type { KernelFn } from '../../../kernels.js';
import type { CpuBackend } from '../cpu-backend.js';

// dy, indices: [N, C, OH, OW] -> dx: [N, C, H, W], dy added at each window's argmax
export const maxPool2dBackprop: KernelFn<CpuBackend, 'MaxPool2DBackprop'> = (
  b,
  { dy, indices },
  { pool: p },
) => {
  const { values, info } = b.empty([p.batch, p.channels, p.inHeight, p.inWidth], 'float32', true);
  const dx = values as Float32Array;
  const dyv = b.floats(dy);
  const idx = b.data(indices);
  const outPlane = p.outHeight * p.outWidth;
  const inPlane = p.inHeight * p.inWidth;
  for (let plane = 0; plane < p.batch * p.channels; plane++) {
    const o0 = plane * outPlane;
    const i0 = plane * inPlane;
    for (let o = o0; o < o0 + outPlane; o++) dx[i0 + idx[o]] += dyv[o];
  }
  return info;
};
