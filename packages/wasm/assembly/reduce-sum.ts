// Reduce's sum: x viewed as [outer, reduce, inner] -> y [outer, inner], float64 accumulators (as the
// CPU kernel), two lanes at a time: each f32x4 load is widened into two f64x2 halves.

/** Σ over the middle axis; acc: scratch for `inner` float64s (8-byte aligned). */
export function reduceSum(x: usize, y: usize, acc: usize, outer: i32, r: i32, inner: i32): void {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const row = x + ((<usize>(o * r)) << 2);
      let lo = f64x2.splat(0);
      let hi = f64x2.splat(0);
      let k = 0;
      for (; k + 4 <= r; k += 4) {
        const v = v128.load(row + ((<usize>k) << 2));
        lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
        hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)));
      }
      const both = f64x2.add(lo, hi);
      let total = f64x2.extract_lane(both, 0) + f64x2.extract_lane(both, 1);
      for (; k < r; k++) total += <f64>load<f32>(row + ((<usize>k) << 2));
      store<f32>(y + ((<usize>o) << 2), <f32>total);
    }
    return;
  }
  for (let o = 0; o < outer; o++) {
    memory.fill(acc, 0, (<usize>inner) << 3);
    const base = x + ((<usize>(o * r * inner)) << 2);
    for (let k = 0; k < r; k++) {
      const row = base + ((<usize>(k * inner)) << 2);
      let i = 0;
      for (; i + 4 <= inner; i += 4) {
        const v = v128.load(row + ((<usize>i) << 2));
        const a = acc + ((<usize>i) << 3);
        v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(v)));
        const h = v128.shuffle<f32>(v, v, 2, 3, 0, 1);
        v128.store(a, f64x2.add(v128.load(a, 16), f64x2.promote_low_f32x4(h)), 16);
      }
      for (; i < inner; i++) {
        const a = acc + ((<usize>i) << 3);
        store<f64>(a, load<f64>(a) + <f64>load<f32>(row + ((<usize>i) << 2)));
      }
    }
    const out = y + ((<usize>(o * inner)) << 2);
    for (let i = 0; i < inner; i++) {
      store<f32>(out + ((<usize>i) << 2), <f32>load<f64>(acc + ((<usize>i) << 3)));
    }
  }
}
