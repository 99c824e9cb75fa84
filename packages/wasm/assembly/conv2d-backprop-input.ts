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
import { claim } from './split';

/**
 * Thread t of T's part of the input gradient: the images it claims. Per thread, `dcols` +
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
  _T: i32,
): void {
  const O = field(g, OUT_C);
  const ckk = field(g, IN_C) * field(g, K_H) * field(g, K_W);
  const ohw = field(g, OUT_H) * field(g, OUT_W);
  const chw = field(g, IN_C) * field(g, IN_H) * field(g, IN_W);
  const batch = field(g, BATCH);
  const pointwise = isPointwise(g);
  dcols += <usize>t * <usize>colsStride;
  work += <usize>t * <usize>workStride;
  for (let n = claim(); n < batch; n = claim()) {
    const grad = dy + ((<usize>(n * O * ohw)) << 2);
    const image = dx + ((<usize>(n * chw)) << 2);
    if (!pointwise) memory.fill(image, 0, (<usize>chw) << 2);
    // wᵀ [C·KH·KW, O] is read in place through strides.
    gemm(ckk, ohw, O, w, 1, ckk, grad, ohw, 1, pointwise ? image : dcols, ohw, false, work);
    if (!pointwise) col2im(g, dcols, image);
  }
}
