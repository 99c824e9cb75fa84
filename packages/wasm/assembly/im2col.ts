// Lowering convolutions to matrix products: image patches <-> columns (as core's cpu/im2col.ts).
import {
  DIL_H,
  DIL_W,
  field,
  IN_C,
  IN_H,
  IN_W,
  K_H,
  K_W,
  OUT_H,
  OUT_W,
  PAD_L,
  PAD_T,
  STRIDE_H,
  STRIDE_W,
} from './conv-info';

/**
 * Copies the patches of one image x ([C, H, W]) into cols [C·KH·KW, OH·OW]:
 * cols[(c·KH + kh)·KW + kw, oh·OW + ow] = x[c, oh·sh − padTop + kh·dh, ow·sw − padLeft + kw·dw] (0 outside).
 */
export function im2col(g: usize, x: usize, cols: usize): void {
  im2colRows(g, x, cols, 0, field(g, IN_C) * field(g, K_H) * field(g, K_W));
}

/** Rows r0 ≤ r < r1 of im2col(x), written from `cols` on as [r1 − r0, OH·OW]. */
export function im2colRows(g: usize, x: usize, cols: usize, r0: i32, r1: i32): void {
  const H = field(g, IN_H);
  const W = field(g, IN_W);
  const OH = field(g, OUT_H);
  const OW = field(g, OUT_W);
  const KH = field(g, K_H);
  const KW = field(g, K_W);
  const sh = field(g, STRIDE_H);
  const sw = field(g, STRIDE_W);
  const dh = field(g, DIL_H);
  const dw = field(g, DIL_W);
  const padT = field(g, PAD_T);
  const padL = field(g, PAD_L);
  let d = cols;
  for (let r = r0; r < r1; r++) {
    // r = (ch·KH + kh)·KW + kw
    const ch = r / (KH * KW);
    const kh = (r / KW) % KH;
    const kw = r % KW;
    const plane = x + ((<usize>(ch * H * W)) << 2);
    const iw0 = kw * dw - padL;
    // The range of ow whose iw = iw0 + ow·sw lands inside [0, W): zeros either side.
    let lo = 0;
    while (lo < OW && iw0 + lo * sw < 0) lo++;
    let hi = OW;
    while (hi > lo && iw0 + (hi - 1) * sw >= W) hi--;
    for (let oh = 0; oh < OH; oh++, d += (<usize>OW) << 2) {
      const ih = oh * sh - padT + kh * dh;
      if (ih < 0 || ih >= H) {
        memory.fill(d, 0, (<usize>OW) << 2);
        continue;
      }
      const src = plane + ((<usize>(ih * W + iw0)) << 2);
      for (let ow = 0; ow < lo; ow++) store<f32>(d + ((<usize>ow) << 2), 0);
      if (sw === 1) {
        memory.copy(d + ((<usize>lo) << 2), src + ((<usize>lo) << 2), (<usize>(hi - lo)) << 2);
      } else {
        for (let ow = lo; ow < hi; ow++) {
          store<f32>(d + ((<usize>ow) << 2), load<f32>(src + ((<usize>(ow * sw)) << 2)));
        }
      }
      for (let ow = hi; ow < OW; ow++) store<f32>(d + ((<usize>ow) << 2), 0);
    }
  }
}

/** The adjoint of im2col: adds each column entry back onto the pixel it came from in dx ([C, H, W]). */
export function col2im(g: usize, cols: usize, dx: usize): void {
  const H = field(g, IN_H);
  const W = field(g, IN_W);
  const OH = field(g, OUT_H);
  const OW = field(g, OUT_W);
  const KH = field(g, K_H);
  const KW = field(g, K_W);
  const sh = field(g, STRIDE_H);
  const sw = field(g, STRIDE_W);
  const dh = field(g, DIL_H);
  const dw = field(g, DIL_W);
  const padT = field(g, PAD_T);
  const padL = field(g, PAD_L);
  const C = field(g, IN_C);
  let d = cols;
  for (let ch = 0; ch < C; ch++) {
    const plane = dx + ((<usize>(ch * H * W)) << 2);
    for (let kh = 0; kh < KH; kh++) {
      for (let kw = 0; kw < KW; kw++) {
        const iw0 = kw * dw - padL;
        let lo = 0;
        while (lo < OW && iw0 + lo * sw < 0) lo++;
        let hi = OW;
        while (hi > lo && iw0 + (hi - 1) * sw >= W) hi--;
        for (let oh = 0; oh < OH; oh++, d += (<usize>OW) << 2) {
          const ih = oh * sh - padT + kh * dh;
          if (ih < 0 || ih >= H) continue;
          const dst = plane + ((<usize>(ih * W + iw0)) << 2);
          if (sw === 1) {
            let ow = lo;
            for (; ow + 4 <= hi; ow += 4) {
              const at = dst + ((<usize>ow) << 2);
              v128.store(at, f32x4.add(v128.load(at), v128.load(d + ((<usize>ow) << 2))));
            }
            for (; ow < hi; ow++) {
              const at = dst + ((<usize>ow) << 2);
              store<f32>(at, load<f32>(at) + load<f32>(d + ((<usize>ow) << 2)));
            }
          } else {
            for (let ow = lo; ow < hi; ow++) {
              const at = dst + ((<usize>(ow * sw)) << 2);
              store<f32>(at, load<f32>(at) + load<f32>(d + ((<usize>ow) << 2)));
            }
          }
        }
      }
    }
  }
}
