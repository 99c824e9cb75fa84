// Elementwise kernels: Binary's arithmetic (same shape, a per-row scalar, a vector repeated across
// rows) and Unary's relu and step, f32x4 lanes with a scalar tail. op: 0 add, 1 sub, 2 mul, 3 div.
// float32 add/sub/mul/div round exactly as float64 then float32 would, so the results are the CPU
// kernel's bit for bit.

import { chunksFor, claim, shareStart } from './split';

function vop(op: i32, a: v128, b: v128): v128 {
  if (op === 0) return f32x4.add(a, b);
  if (op === 1) return f32x4.sub(a, b);
  if (op === 2) return f32x4.mul(a, b);
  return f32x4.div(a, b);
}

function sop(op: i32, a: f32, b: f32): f32 {
  if (op === 0) return a + b;
  if (op === 1) return a - b;
  if (op === 2) return a * b;
  return a / b;
}

/** y[i] = a[i] op b[i], i < n. */
export function binarySame(op: i32, a: usize, b: usize, y: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = (<usize>i) << 2;
    v128.store(y + at, vop(op, v128.load(a + at), v128.load(b + at)));
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(y + at, sop(op, load<f32>(a + at), load<f32>(b + at)));
  }
}

/** y[r·inner + j] = a[r·inner + j] op s[r]: a [rows, inner], s one value per row. */
export function binaryRowScalar(
  op: i32,
  a: usize,
  s: usize,
  y: usize,
  rows: i32,
  inner: i32,
): void {
  for (let r = 0; r < rows; r++) {
    const sv = load<f32>(s + ((<usize>r) << 2));
    const v = f32x4.splat(sv);
    const base = (<usize>(r * inner)) << 2;
    const ar = a + base;
    const yr = y + base;
    let j = 0;
    for (; j + 4 <= inner; j += 4) {
      const at = (<usize>j) << 2;
      v128.store(yr + at, vop(op, v128.load(ar + at), v));
    }
    for (; j < inner; j++) {
      const at = (<usize>j) << 2;
      store<f32>(yr + at, sop(op, load<f32>(ar + at), sv));
    }
  }
}

/** y[r·inner + j] = a[r·inner + j] op v[j]: a [rows, inner], v [inner]. */
export function binaryRowVector(
  op: i32,
  a: usize,
  v: usize,
  y: usize,
  rows: i32,
  inner: i32,
): void {
  for (let r = 0; r < rows; r++) {
    const base = (<usize>(r * inner)) << 2;
    const ar = a + base;
    const yr = y + base;
    let j = 0;
    for (; j + 4 <= inner; j += 4) {
      const at = (<usize>j) << 2;
      v128.store(yr + at, vop(op, v128.load(ar + at), v128.load(v + at)));
    }
    for (; j < inner; j++) {
      const at = (<usize>j) << 2;
      store<f32>(yr + at, sop(op, load<f32>(ar + at), load<f32>(v + at)));
    }
  }
}

/** op 0: y = max(x, 0) (NaN stays NaN); op 1: y = x > 0 ? 1 : 0. */
export function unary(op: i32, x: usize, y: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  let i = 0;
  if (op === 0) {
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(y + at, f32x4.max(v128.load(x + at), zero));
    }
    for (; i < n; i++) {
      const at = (<usize>i) << 2;
      const v = load<f32>(x + at);
      // biome-ignore lint/suspicious/noSelfCompare: NaN stays NaN, as f32x4.max above
      store<f32>(y + at, v > 0 || v !== v ? v : 0);
    }
  } else {
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(y + at, v128.and(f32x4.gt(v128.load(x + at), zero), one));
    }
    for (; i < n; i++) {
      const at = (<usize>i) << 2;
      store<f32>(y + at, load<f32>(x + at) > 0 ? 1 : 0);
    }
  }
}

// Thread t of T's parts: each claims chunks of the output (runs of 4 values, or of rows) from
// the shared counter and runs the kernel above on them; every value is computed as on one thread.

/** binarySame over the chunks of [0, n) thread t claims. */
export function binarySamePart(
  op: i32,
  a: usize,
  b: usize,
  y: usize,
  n: i32,
  _t: i32,
  T: i32,
): void {
  const chunks = chunksFor((n + 3) / 4, T);
  for (let c = claim(); c < chunks; c = claim()) {
    const i0 = shareStart(n, c, chunks, 4);
    const at = (<usize>i0) << 2;
    binarySame(op, a + at, b + at, y + at, shareStart(n, c + 1, chunks, 4) - i0);
  }
}

/** binaryRowScalar (rowScalar false: binaryRowVector) over the chunks of rows thread t claims. */
export function binaryRowsPart(
  rowScalar: bool,
  op: i32,
  a: usize,
  s: usize,
  y: usize,
  rows: i32,
  inner: i32,
  _t: i32,
  T: i32,
): void {
  const chunks = chunksFor(rows, T);
  for (let c = claim(); c < chunks; c = claim()) {
    const r0 = shareStart(rows, c, chunks, 1);
    const r1 = shareStart(rows, c + 1, chunks, 1);
    const at = (<usize>(r0 * inner)) << 2;
    if (rowScalar) binaryRowScalar(op, a + at, s + ((<usize>r0) << 2), y + at, r1 - r0, inner);
    else binaryRowVector(op, a + at, s, y + at, r1 - r0, inner);
  }
}

/** unary over the chunks of [0, n) thread t claims. */
export function unaryPart(op: i32, x: usize, y: usize, n: i32, _t: i32, T: i32): void {
  const chunks = chunksFor((n + 3) / 4, T);
  for (let c = claim(); c < chunks; c = claim()) {
    const i0 = shareStart(n, c, chunks, 4);
    const at = (<usize>i0) << 2;
    unary(op, x + at, y + at, shareStart(n, c + 1, chunks, 4) - i0);
  }
}
