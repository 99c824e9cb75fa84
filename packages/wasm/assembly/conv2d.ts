// x: [N, C, H, W], w: [O, C, KH, KW], bias: [O] (0: none) -> y: [N, O, OH, OW]
// Per image: y[n] [O, OH·OW] = w [O, C·KH·KW] · im2col(x[n]) [C·KH·KW, OH·OW], plus bias.
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
import { claim } from './split';

/**
 * Thread t of T's part of the forward convolution: the images it claims. Per thread,
 * `cols` + t·`colsStride` (C·KH·KW·OH·OW floats) and `work` + t·`workStride` (gemm's) are scratch.
 */
export function conv2d(
  g: usize,
  x: usize,
  w: usize,
  bias: usize,
  y: usize,
  cols: usize,
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
  const pointwise = isPointwise(g);
  const batch = field(g, BATCH);
  cols += <usize>t * <usize>colsStride;
  work += <usize>t * <usize>workStride;
  for (let n = claim(); n < batch; n = claim()) {
    const image = x + ((<usize>(n * chw)) << 2);
    let patches = image;
    if (!pointwise) {
      im2col(g, image, cols);
      patches = cols;
    }
    const out = y + ((<usize>(n * O * ohw)) << 2);
    gemm(O, ohw, ckk, w, ckk, 1, patches, ohw, 1, out, ohw, false, work);
    if (bias !== 0) {
      for (let o = 0; o < O; o++) {
        const v = f32x4.splat(load<f32>(bias + ((<usize>o) << 2)));
        const row = out + ((<usize>(o * ohw)) << 2);
        let i = 0;
        for (; i + 4 <= ohw; i += 4) {
          const at = row + ((<usize>i) << 2);
          v128.store(at, f32x4.add(v128.load(at), v));
        }
        const s = f32x4.extract_lane(v, 0);
        for (; i < ohw; i++) {
          const at = row + ((<usize>i) << 2);
          store<f32>(at, load<f32>(at) + s);
        }
      }
    }
  }
}
