// x: [N, C, H, W], dy: [N, O, OH, OW] -> dw: [O, C, KH, KW]
// dw [O, C·KH·KW] = Σ_n dy[n] [O, OH·OW] · im2col(x[n])ᵀ, as one matrix product per group of G
// images: their patches side by side, cols [C·KH·KW, G·OH·OW], and their gradients side by side,
// dyt [O, G·OH·OW], so the product runs over a depth of G·OH·OW (JavaScript then runs gemmPart,
// splitting dw's columns or rows across the threads: every sum stays on one thread).
import { BATCH, field, IN_C, IN_H, IN_W, K_H, K_W, OUT_C, OUT_H, OUT_W } from './conv-info';
import { im2colRows } from './im2col';
import { claim } from './split';

/**
 * Thread t of T's part of gathering images n0 ≤ n < n0 + count: the images it claims, each
 * written at column (n − n0)·OH·OW of cols and of dyt (both count·OH·OW floats per row).
 */
export function conv2dFilterGather(
  g: usize,
  x: usize,
  dy: usize,
  cols: usize,
  dyt: usize,
  n0: i32,
  count: i32,
  _t: i32,
  _T: i32,
): void {
  const O = field(g, OUT_C);
  const ckk = field(g, IN_C) * field(g, K_H) * field(g, K_W);
  const ohw = field(g, OUT_H) * field(g, OUT_W);
  const chw = field(g, IN_C) * field(g, IN_H) * field(g, IN_W);
  const pitch = (<usize>(count * ohw)) << 2;
  const bytes = (<usize>ohw) << 2;
  for (let i = claim(); i < count && n0 + i < field(g, BATCH); i = claim()) {
    const n = n0 + i;
    const column = (<usize>(i * ohw)) << 2;
    const image = x + ((<usize>(n * chw)) << 2);
    for (let r = 0; r < ckk; r++) im2colRows(g, image, cols + <usize>r * pitch + column, r, r + 1);
    const grad = dy + ((<usize>(n * O * ohw)) << 2);
    for (let o = 0; o < O; o++) {
      memory.copy(dyt + <usize>o * pitch + column, grad + <usize>o * bytes, bytes);
    }
  }
}

/** dst [cols, rows] = srcᵀ, src [rows, cols] (dw from the dwᵀ a product wrote). */
export function transpose2d(src: usize, dst: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      store<f32>(
        dst + ((<usize>(c * rows + r)) << 2),
        load<f32>(src + ((<usize>(r * cols + c)) << 2)),
      );
    }
  }
}
