// dy: [N, O, OH, OW], w: [O, C, KH, KW] -> dx: [N, C, H, W]
// Per image: dcols [C·KH·KW, OH·OW] = wᵀ · dy[n], then col2im scatters dcols onto dx[n].
import {
  BATCH,
  field,
  IN_C,
  IN_H,
  IN_W,
  isPointwise,
  K_H,
  K_W,
  OUT_C,
  OUT_H,
  OUT_W,
} from './conv-info';
import { gemm } from './gemm';
import { col2im } from './im2col';
import { shareStart } from './split';

/**
 * Thread t of T's share of the input gradient: a contiguous range of images. Per thread, `dcols` +
 * t·`colsStride` (C·KH·KW·OH·OW floats) and `work` + t·`workStride` (gemm's) are scratch.
 */
export function conv2dBackpropInput(
  g: usize,
  dy: usize,
  w: usize,
  dx: usize,
  dcols: usize,
  colsStride: i32,
  work: usize,
  workStride: i32,
  t: i32,
  T: i32,
): void {
  const O = field(g, OUT_C);
  const ckk = field(g, IN_C) * field(g, K_H) * field(g, K_W);
  const ohw = field(g, OUT_H) * field(g, OUT_W);
  const chw = field(g, IN_C) * field(g, IN_H) * field(g, IN_W);
  const batch = field(g, BATCH);
  const pointwise = isPointwise(g);
  const n0 = shareStart(batch, t, T, 1);
  const n1 = shareStart(batch, t + 1, T, 1);
  dcols += <usize>t * <usize>colsStride;
  work += <usize>t * <usize>workStride;
  if (!pointwise && n1 > n0) {
    memory.fill(dx + ((<usize>(n0 * chw)) << 2), 0, (<usize>((n1 - n0) * chw)) << 2);
  }
  for (let n = n0; n < n1; n++) {
    const grad = dy + ((<usize>(n * O * ohw)) << 2);
    const image = dx + ((<usize>(n * chw)) << 2);
    // wᵀ [C·KH·KW, O] is read in place through strides.
    gemm(ckk, ohw, O, w, 1, ckk, grad, ohw, 1, pointwise ? image : dcols, ohw, false, work);
    if (!pointwise) col2im(g, dcols, image);
  }
}
