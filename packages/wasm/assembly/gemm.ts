// Float32 matrix product in WebAssembly SIMD, packed and blocked (the BLIS recipe):
// C[M, N] (+)= A[M, K] · B[K, N], A and B read through element strides (so either may be a
// transpose read in place), C row-major with `ldc` floats per row. Everything heavy lands here.
//
// Blocking: B is packed KC×NC at a time into strips of NR = 8 columns (p-major, zero-padded),
// A MC×KC at a time into strips of MR = 4 rows (p-major, zero-padded); the micro-kernel keeps a
// 4×8 tile of C in eight f32x4 registers across the whole depth kc: per step it loads two vectors
// of B, broadcasts four values of A, and does 8 multiplies and 8 adds (no FMA in plain SIMD).
// Eight accumulators + two B vectors + one broadcast fit x64's 16 xmm registers without spills.
// The packed A block (MC·KC floats, 128 KiB) stays in L2, one B strip (KC·NR, 8 KiB) in L1.

import { chunksFor, claim, shareStart } from './split';

export const MR = 4;
export const NR = 8;
export const KC = 256;
export const MC = 128;
export const NC = 2048;

/** Bytes of workspace gemm needs: packed A, packed B and one edge tile. */
export const GEMM_WORK_BYTES: i32 = (MC * KC + KC * NC + MR * NR) * 4;

// B[p0 + p, j0 + j] for p < kc, j < nc -> dst[(j / NR)·kc·NR + p·NR + j % NR], zeros past nc.
function packB(
  b: usize,
  bRow: i32,
  bCol: i32,
  p0: i32,
  kc: i32,
  j0: i32,
  nc: i32,
  dst: usize,
): void {
  for (let s = 0; s < nc; s += NR) {
    const w = min(NR, nc - s);
    const strip = dst + ((<usize>(s * kc)) << 2);
    if (w === NR && bCol === 1) {
      // Rows of B contiguous: two vector copies per p.
      for (let p = 0; p < kc; p++) {
        const src = b + ((<usize>((p0 + p) * bRow + j0 + s)) << 2);
        const d = strip + ((<usize>(p * NR)) << 2);
        v128.store(d, v128.load(src));
        v128.store(d, v128.load(src, 16), 16);
      }
    } else if (w === NR && bRow === 1) {
      // A transpose read in place: each column q of the strip is contiguous in p.
      for (let q = 0; q < NR; q++) {
        const src = b + ((<usize>(p0 + (j0 + s + q) * bCol)) << 2);
        const d = strip + ((<usize>q) << 2);
        for (let p = 0; p < kc; p++) {
          store<f32>(d + ((<usize>(p * NR)) << 2), load<f32>(src + ((<usize>p) << 2)));
        }
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const src = b + ((<usize>((p0 + p) * bRow + (j0 + s) * bCol)) << 2);
        const d = strip + ((<usize>(p * NR)) << 2);
        for (let q = 0; q < NR; q++) {
          const v: f32 = q < w ? load<f32>(src + ((<usize>(q * bCol)) << 2)) : 0;
          store<f32>(d + ((<usize>q) << 2), v);
        }
      }
    }
  }
}

// A[i0 + i, p0 + p] for i < mc, p < kc -> dst[(i / MR)·kc·MR + p·MR + i % MR], zeros past mc.
function packA(
  a: usize,
  aRow: i32,
  aCol: i32,
  i0: i32,
  mc: i32,
  p0: i32,
  kc: i32,
  dst: usize,
): void {
  for (let s = 0; s < mc; s += MR) {
    const h = min(MR, mc - s);
    const strip = dst + ((<usize>(s * kc)) << 2);
    if (h === MR && aRow === 1) {
      // A transposed in place: the MR values of one p are contiguous.
      for (let p = 0; p < kc; p++) {
        const src = a + ((<usize>(i0 + s + (p0 + p) * aCol)) << 2);
        v128.store(strip + ((<usize>(p * MR)) << 2), v128.load(src));
      }
    } else {
      for (let r = 0; r < MR; r++) {
        const d = strip + ((<usize>r) << 2);
        if (r < h) {
          const src = a + ((<usize>((i0 + s + r) * aRow + p0 * aCol)) << 2);
          for (let p = 0; p < kc; p++) {
            store<f32>(d + ((<usize>(p * MR)) << 2), load<f32>(src + ((<usize>(p * aCol)) << 2)));
          }
        } else {
          for (let p = 0; p < kc; p++) store<f32>(d + ((<usize>(p * MR)) << 2), 0);
        }
      }
    }
  }
}

// C[0:h, 0:w] += (packed A strip)·(packed B strip) over depth kc; `edge` holds a partial tile.
function micro4x8(
  kc: i32,
  ap: usize,
  bp: usize,
  c: usize,
  ldc: i32,
  h: i32,
  w: i32,
  edge: usize,
): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    ap += 16;
    bp += 32;
  }
  const row = (<usize>ldc) << 2;
  if (h === MR && w === NR) {
    let d = c;
    v128.store(d, f32x4.add(v128.load(d), c00));
    v128.store(d, f32x4.add(v128.load(d, 16), c01), 16);
    d += row;
    v128.store(d, f32x4.add(v128.load(d), c10));
    v128.store(d, f32x4.add(v128.load(d, 16), c11), 16);
    d += row;
    v128.store(d, f32x4.add(v128.load(d), c20));
    v128.store(d, f32x4.add(v128.load(d, 16), c21), 16);
    d += row;
    v128.store(d, f32x4.add(v128.load(d), c30));
    v128.store(d, f32x4.add(v128.load(d, 16), c31), 16);
    return;
  }
  // An edge tile: the whole 4×8 tile goes to `edge`, then only its h×w corner is added to C.
  v128.store(edge, c00);
  v128.store(edge, c01, 16);
  v128.store(edge, c10, 32);
  v128.store(edge, c11, 48);
  v128.store(edge, c20, 64);
  v128.store(edge, c21, 80);
  v128.store(edge, c30, 96);
  v128.store(edge, c31, 112);
  for (let r = 0; r < h; r++) {
    const d = c + <usize>r * row;
    const e = edge + ((<usize>(r * NR)) << 2);
    for (let q = 0; q < w; q++) {
      const at = d + ((<usize>q) << 2);
      store<f32>(at, load<f32>(at) + load<f32>(e + ((<usize>q) << 2)));
    }
  }
}

/**
 * C[M, N] (+)= A·B: A(i, p) = a[i·aRow + p·aCol], B(p, j) = b[p·bRow + j·bCol] (element strides),
 * C(i, j) = c[i·ldc + j]; C is overwritten unless `accumulate`. `work`: GEMM_WORK_BYTES of scratch.
 */
export function gemm(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  aRow: i32,
  aCol: i32,
  b: usize,
  bRow: i32,
  bCol: i32,
  c: usize,
  ldc: i32,
  accumulate: bool,
  work: usize,
): void {
  if (!accumulate) {
    for (let i = 0; i < m; i++) memory.fill(c + ((<usize>(i * ldc)) << 2), 0, (<usize>n) << 2);
  }
  if (m === 0 || n === 0 || k === 0) return;
  const pa = work;
  const pb = pa + ((<usize>(MC * KC)) << 2);
  const edge = pb + ((<usize>(KC * NC)) << 2);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB(b, bRow, bCol, pc, kc, jc, nc, pb);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(a, aRow, aCol, ic, mc, pc, kc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const w = min(NR, nc - jr);
          const bp = pb + ((<usize>(jr * kc)) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const h = min(MR, mc - ir);
            const cp = c + ((<usize>((ic + ir) * ldc + jc + jr)) << 2);
            micro4x8(kc, pa + ((<usize>(ir * kc)) << 2), bp, cp, ldc, h, w, edge);
          }
        }
      }
    }
  }
}

/**
 * Thread t of T's part of gemm: the chunks of C's columns (in NR-wide strips) it claims when N is
 * the larger side, else of its rows (in MR-high strips); `work` + t·`workStride` is this thread's
 * scratch. Each element of C sums over k in the same order as gemm on one thread, so C is
 * bit-identical for any T.
 */
export function gemmPart(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  aRow: i32,
  aCol: i32,
  b: usize,
  bRow: i32,
  bCol: i32,
  c: usize,
  ldc: i32,
  accumulate: bool,
  work: usize,
  workStride: i32,
  t: i32,
  T: i32,
): void {
  const mine = work + <usize>t * <usize>workStride;
  const byColumns = n >= m;
  const chunks = byColumns ? chunksFor((n + NR - 1) / NR, T) : chunksFor((m + MR - 1) / MR, T);
  for (let chunk = claim(); chunk < chunks; chunk = claim()) {
    if (byColumns) {
      const j0 = shareStart(n, chunk, chunks, NR);
      const j1 = shareStart(n, chunk + 1, chunks, NR);
      const bAt = b + ((<usize>(j0 * bCol)) << 2);
      const cAt = c + ((<usize>j0) << 2);
      gemm(m, j1 - j0, k, a, aRow, aCol, bAt, bRow, bCol, cAt, ldc, accumulate, mine);
    } else {
      const i0 = shareStart(m, chunk, chunks, MR);
      const i1 = shareStart(m, chunk + 1, chunks, MR);
      const aAt = a + ((<usize>(i0 * aRow)) << 2);
      const cAt = c + ((<usize>(i0 * ldc)) << 2);
      gemm(i1 - i0, n, k, aAt, aRow, aCol, b, bRow, bCol, cAt, ldc, accumulate, mine);
    }
  }
}
