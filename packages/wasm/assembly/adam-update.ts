// AdamUpdate: one step of torch.optim.Adam (AdamW when shrink < 1 and l2 = 0) over n values, in
// float64 (as the CPU kernel), two lanes at a time: each f32x4 load is widened into two f64x2 halves.
// p, m, v are updated in place; g is read.

function step2(
  p: v128,
  g: v128,
  m: v128,
  v: v128,
  b1: v128,
  c1: v128,
  b2: v128,
  c2: v128,
  shrink: v128,
  l2: v128,
  stepSize: v128,
  bc2Sqrt: v128,
  eps: v128,
  at: usize,
  pm: usize,
): v128 {
  const gg = f64x2.add(g, f64x2.mul(l2, p));
  const mi = f64x2.add(f64x2.mul(b1, m), f64x2.mul(c1, gg));
  const vi = f64x2.add(f64x2.mul(b2, v), f64x2.mul(f64x2.mul(c2, gg), gg));
  v128.store(pm + at, mi);
  v128.store(pm + at, vi, 16);
  const denom = f64x2.add(f64x2.div(f64x2.sqrt(vi), bc2Sqrt), eps);
  return f64x2.sub(f64x2.mul(p, shrink), f64x2.div(f64x2.mul(stepSize, mi), denom));
}

function narrow(lo: v128, hi: v128): v128 {
  const a = f32x4.demote_f64x2_zero(lo);
  const b = f32x4.demote_f64x2_zero(hi);
  return v128.shuffle<f32>(a, b, 0, 1, 4, 5);
}

function high(x: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1));
}

/** scratch: 64 bytes for the m and v halves of one step (16-byte aligned). */
export function adamUpdate(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  n: i32,
  beta1: f64,
  beta2: f64,
  eps: f64,
  shrink: f64,
  l2: f64,
  stepSize: f64,
  bc2Sqrt: f64,
  scratch: usize,
): void {
  const b1 = f64x2.splat(beta1);
  const c1 = f64x2.splat(1 - beta1);
  const b2 = f64x2.splat(beta2);
  const c2 = f64x2.splat(1 - beta2);
  const sh = f64x2.splat(shrink);
  const l2v = f64x2.splat(l2);
  const ss = f64x2.splat(stepSize);
  const bc = f64x2.splat(bc2Sqrt);
  const ep = f64x2.splat(eps);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = (<usize>i) << 2;
    const p4 = v128.load(p + at);
    const g4 = v128.load(g + at);
    const m4 = v128.load(m + at);
    const v4 = v128.load(v + at);
    const pLo = step2(
      f64x2.promote_low_f32x4(p4),
      f64x2.promote_low_f32x4(g4),
      f64x2.promote_low_f32x4(m4),
      f64x2.promote_low_f32x4(v4),
      b1,
      c1,
      b2,
      c2,
      sh,
      l2v,
      ss,
      bc,
      ep,
      0,
      scratch,
    );
    const pHi = step2(
      high(p4),
      high(g4),
      high(m4),
      high(v4),
      b1,
      c1,
      b2,
      c2,
      sh,
      l2v,
      ss,
      bc,
      ep,
      32,
      scratch,
    );
    v128.store(p + at, narrow(pLo, pHi));
    v128.store(m + at, narrow(v128.load(scratch), v128.load(scratch, 32)));
    v128.store(v + at, narrow(v128.load(scratch, 16), v128.load(scratch, 48)));
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    const p0 = <f64>load<f32>(p + at);
    const gi = <f64>load<f32>(g + at) + l2 * p0;
    const mi = beta1 * <f64>load<f32>(m + at) + (1 - beta1) * gi;
    const vi = beta2 * <f64>load<f32>(v + at) + (1 - beta2) * gi * gi;
    store<f32>(m + at, <f32>mi);
    store<f32>(v + at, <f32>vi);
    store<f32>(p + at, <f32>(p0 * shrink - (stepSize * mi) / (Math.sqrt(vi) / bc2Sqrt + eps)));
  }
}
