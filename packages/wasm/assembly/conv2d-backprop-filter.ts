// x: [N, C, H, W], dy: [N, O, OH, OW] -> dw: [O, C, KH, KW]
// dw [O, C·KH·KW] = Σ_n dy[n] [O, OH·OW] · im2col(x[n])ᵀ.
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
import { im2col } from './im2col';

/** The filter gradient; `cols`: C·KH·KW·OH·OW floats of scratch, `work`: gemm's. */
export function conv2dBackpropFilter(
  g: usize,
  x: usize,
  dy: usize,
  dw: usize,
  cols: usize,
  work: usize,
): void {
  const O = field(g, OUT_C);
  const ckk = field(g, IN_C) * field(g, K_H) * field(g, K_W);
  const ohw = field(g, OUT_H) * field(g, OUT_W);
  const chw = field(g, IN_C) * field(g, IN_H) * field(g, IN_W);
  const pointwise = isPointwise(g);
  memory.fill(dw, 0, (<usize>(O * ckk)) << 2);
  for (let n = 0; n < field(g, BATCH); n++) {
    const image = x + ((<usize>(n * chw)) << 2);
    let patches = image;
    if (!pointwise) {
      im2col(g, image, cols);
      patches = cols;
    }
    const grad = dy + ((<usize>(n * O * ohw)) << 2);
    // im2col(x[n])ᵀ [OH·OW, C·KH·KW] is read in place through strides.
    gemm(O, ckk, ohw, grad, ohw, 1, patches, 1, ohw, dw, ckk, true, work);
  }
}
