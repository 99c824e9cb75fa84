// A convolution's geometry as JavaScript writes it into linear memory: 15 i32s in the order of
// core's Conv2DInfo (see src/kernels/conv-info.ts, which writes them).

export const BATCH = 0;
export const IN_C = 1;
export const IN_H = 2;
export const IN_W = 3;
export const OUT_C = 4;
export const K_H = 5;
export const K_W = 6;
export const STRIDE_H = 7;
export const STRIDE_W = 8;
export const DIL_H = 9;
export const DIL_W = 10;
export const PAD_T = 11;
export const PAD_L = 12;
export const OUT_H = 13;
export const OUT_W = 14;

/** Field `f` of the geometry block at `g`. */
export function field(g: usize, f: i32): i32 {
  return load<i32>(g + ((<usize>f) << 2));
}

/** True when the convolution reads each pixel once in place (1×1, stride 1, no padding): cols = x. */
export function isPointwise(g: usize): bool {
  return (
    field(g, K_H) === 1 &&
    field(g, K_W) === 1 &&
    field(g, STRIDE_H) === 1 &&
    field(g, STRIDE_W) === 1 &&
    field(g, PAD_T) === 0 &&
    field(g, PAD_L) === 0
  );
}
