// x: [planes, H, W] -> y, indices: [planes, OH, OW] for the 2×2, stride-2, unpadded window
// (every window inside the image), four outputs per step: the two rows under four windows are
// loaded as eight floats each and split into even and odd columns. As core's CPU kernel, the
// top-left value starts and a later one wins only when strictly larger, or NaN (which propagates);
// indices are flat into each H·W plane.

import { chunksFor, claim, shareStart } from './split';

/** MaxPool2D's 2×2 / stride-2 case. */
export function maxPool2dHalve(
  x: usize,
  y: usize,
  indices: usize,
  planes: i32,
  H: i32,
  W: i32,
  OH: i32,
  OW: i32,
): void {
  const steps = i32x4(0, 2, 4, 6);
  const one = i32x4.splat(1);
  const down = i32x4.splat(W);
  let o: usize = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = x + ((<usize>(plane * H * W)) << 2);
    for (let oh = 0; oh < OH; oh++) {
      const top = 2 * oh * W;
      let ow = 0;
      for (; ow + 4 <= OW; ow += 4, o += 16) {
        const i0 = top + 2 * ow;
        const t = base + ((<usize>i0) << 2);
        const b = t + ((<usize>W) << 2);
        const t0 = v128.load(t);
        const t1 = v128.load(t, 16);
        const b0 = v128.load(b);
        const b1 = v128.load(b, 16);
        const ia = i32x4.add(i32x4.splat(i0), steps);
        let best = v128.shuffle<f32>(t0, t1, 0, 2, 4, 6);
        let index = ia;
        let v = v128.shuffle<f32>(t0, t1, 1, 3, 5, 7);
        let take = v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
        best = v128.bitselect(v, best, take);
        index = v128.bitselect(i32x4.add(ia, one), index, take);
        v = v128.shuffle<f32>(b0, b1, 0, 2, 4, 6);
        take = v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
        best = v128.bitselect(v, best, take);
        const ic = i32x4.add(ia, down);
        index = v128.bitselect(ic, index, take);
        v = v128.shuffle<f32>(b0, b1, 1, 3, 5, 7);
        take = v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
        best = v128.bitselect(v, best, take);
        index = v128.bitselect(i32x4.add(ic, one), index, take);
        v128.store(y + o, best);
        v128.store(indices + o, index);
      }
      for (; ow < OW; ow++, o += 4) {
        const i0 = top + 2 * ow;
        let index = i0;
        let best = load<f32>(base + ((<usize>i0) << 2));
        for (let k = 1; k < 4; k++) {
          // k = 1, 2, 3: top-right, bottom-left, bottom-right.
          const at = i0 + (k >> 1) * W + (k & 1);
          const v = load<f32>(base + ((<usize>at) << 2));
          // biome-ignore lint/suspicious/noSelfCompare: the NaN test, as f32x4.ne(v, v) above
          if (v > best || v !== v) {
            best = v;
            index = at;
          }
        }
        store<f32>(y + o, best);
        store<i32>(indices + o, index);
      }
    }
  }
}

/** Thread t of T's part of maxPool2dHalve: the chunks of planes it claims. */
export function maxPool2dHalvePart(
  x: usize,
  y: usize,
  indices: usize,
  planes: i32,
  H: i32,
  W: i32,
  OH: i32,
  OW: i32,
  _t: i32,
  T: i32,
): void {
  const chunks = chunksFor(planes, T);
  for (let c = claim(); c < chunks; c = claim()) {
    const p0 = shareStart(planes, c, chunks, 1);
    const p1 = shareStart(planes, c + 1, chunks, 1);
    const inAt = (<usize>(p0 * H * W)) << 2;
    const outAt = (<usize>(p0 * OH * OW)) << 2;
    maxPool2dHalve(x + inAt, y + outAt, indices + outAt, p1 - p0, H, W, OH, OW);
  }
}

/**
 * MaxPool2D's gradient for any window, thread t of T's planes: each dx plane (H·W) zeroed, then
 * every dy value added at its window's argmax in order, as core's CPU kernel (the same bits).
 */
export function maxPool2dBackpropPart(
  dy: usize,
  indices: usize,
  dx: usize,
  planes: i32,
  inPlane: i32,
  outPlane: i32,
  _t: i32,
  T: i32,
): void {
  const chunks = chunksFor(planes, T);
  for (let c = claim(); c < chunks; c = claim()) {
    const p1 = shareStart(planes, c + 1, chunks, 1);
    for (let p = shareStart(planes, c, chunks, 1); p < p1; p++) {
      const plane = dx + ((<usize>(p * inPlane)) << 2);
      memory.fill(plane, 0, (<usize>inPlane) << 2);
      const o0 = (<usize>(p * outPlane)) << 2;
      for (let o: usize = 0; o < (<usize>outPlane) << 2; o += 4) {
        const at = plane + ((<usize>load<i32>(indices + o0 + o)) << 2);
        store<f32>(at, load<f32>(at) + load<f32>(dy + o0 + o));
      }
    }
  }
}
