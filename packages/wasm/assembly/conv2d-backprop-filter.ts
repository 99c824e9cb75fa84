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
import { gemm, NR } from './gemm';
import { im2colRows } from './im2col';
import { chunksFor, claim, shareStart } from './split';

/**
 * Thread t of T's part of the filter gradient: the chunks of dw's columns (C·KH·KW, in NR-wide
 * strips) it claims, each summed over the images in order, making only its own rows of im2col. Per
 * thread, `cols` + t·`colsStride` and `work` + t·`workStride` (gemm's) are scratch.
 */
export function conv2dBackpropFilter(
  g: usize,
  x: usize,
  dy: usize,
  dw: usize,
  cols: usize,
  colsStride: i32,
  work: usize,
  workStride: i32,
  t: i32,
  T: i32,
): void {
  const ckk = field(g, IN_C) * field(g, K_H) * field(g, K_W);
  cols += <usize>t * <usize>colsStride;
  work += <usize>t * <usize>workStride;
  const chunks = chunksFor((ckk + NR - 1) / NR, T);
  for (let chunk = claim(); chunk < chunks; chunk = claim()) {
    filterColumns(
      g,
      x,
      dy,
      dw,
      shareStart(ckk, chunk, chunks, NR),
      shareStart(ckk, chunk + 1, chunks, NR),
      cols,
      work,
    );
  }
}

// Columns j0 ≤ j < j1 of dw = Σ_n dy[n] · im2col(x[n])ᵀ.
function filterColumns(
  g: usize,
  x: usize,
  dy: usize,
  dw: usize,
  j0: i32,
  j1: i32,
  cols: usize,
  work: usize,
): void {
  const O = field(g, OUT_C);
  const ckk = field(g, IN_C) * field(g, K_H) * field(g, K_W);
  const ohw = field(g, OUT_H) * field(g, OUT_W);
  const chw = field(g, IN_C) * field(g, IN_H) * field(g, IN_W);
  const pointwise = isPointwise(g);
  const out = dw + ((<usize>j0) << 2);
  for (let o = 0; o < O; o++)
    memory.fill(out + ((<usize>(o * ckk)) << 2), 0, (<usize>(j1 - j0)) << 2);
  for (let n = 0; n < field(g, BATCH); n++) {
    const image = x + ((<usize>(n * chw)) << 2);
    let patches = image + ((<usize>(j0 * ohw)) << 2);
    if (!pointwise) {
      im2colRows(g, image, cols, j0, j1);
      patches = cols;
    }
    const grad = dy + ((<usize>(n * O * ohw)) << 2);
    // Rows j0…j1 of im2col(x[n]), transposed ([OH·OW, j1 − j0]), read in place through strides.
    gemm(O, j1 - j0, ohw, grad, ohw, 1, patches, 1, ohw, out, ckk, true, work);
  }
}
