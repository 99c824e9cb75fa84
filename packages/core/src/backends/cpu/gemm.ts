// Single-threaded float32 matrix product, packed and register-blocked (the BLIS recipe, in JS).
// Everything heavy (matmul, linear, convolutions via im2col) ends up here.

// Depth of one packed block: a 4×KC panel of A and a KC×N panel of B, as float64 so the inner
// loop never converts, and 16 accumulators live in registers across the whole depth.
const KC = 256;
const packedA = new Float64Array(4 * KC);
let packedB = new Float64Array(0);
const edge = new Float64Array(16);

/** A matrix read in place through strides: element (i, j) is data[offset + i·row + j·col]. */
export interface Strided {
  readonly data: Float32Array;
  readonly offset: number;
  readonly row: number;
  readonly col: number;
}

/** A row-major [rows, cols] matrix starting at `offset`. */
export function rowMajor(data: Float32Array, offset: number, cols: number): Strided {
  return { data, offset, row: cols, col: 1 };
}

/** The transpose of a row-major [rows, cols] matrix starting at `offset`, without copying. */
export function transposed(data: Float32Array, offset: number, cols: number): Strided {
  return { data, offset, row: 1, col: cols };
}

/** C[M,N] (+)= A·B with A [M, K] and B [K, N] read through strides (so either may be transposed); C row-major. */
export function gemm(
  m: number,
  n: number,
  k: number,
  A: Strided,
  B: Strided,
  c: Float32Array,
  cOff: number,
  accumulate: boolean,
): void {
  const { data: a, offset: aOff, row: aRow, col: aCol } = A;
  const { data: b, offset: bOff, row: bRow, col: bCol } = B;
  if (!accumulate) c.fill(0, cOff, cOff + m * n);
  if (m === 0 || n === 0 || k === 0) return;
  const strips = Math.ceil(n / 4);
  if (packedB.length < strips * 4 * KC) packedB = new Float64Array(strips * 4 * KC);
  const ap = packedA;
  const bp = packedB;
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = Math.min(KC, k - p0);
    // B[p0:p0+kc, :] as strips of 4 columns, each stored p-major: bp[s·kc·4 + p·4 + q].
    for (let s = 0; s < strips; s++) {
      const j = s * 4;
      const w = Math.min(4, n - j);
      const base = s * kc * 4;
      for (let p = 0; p < kc; p++) {
        const src = bOff + (p0 + p) * bRow + j * bCol;
        const d = base + p * 4;
        for (let q = 0; q < 4; q++) bp[d + q] = q < w ? b[src + q * bCol] : 0;
      }
    }
    for (let i0 = 0; i0 < m; i0 += 4) {
      const h = Math.min(4, m - i0);
      // A[i0:i0+4, p0:p0+kc] stored p-major: ap[p·4 + r].
      for (let p = 0; p < kc; p++) {
        const src = aOff + i0 * aRow + (p0 + p) * aCol;
        for (let r = 0; r < 4; r++) ap[p * 4 + r] = r < h ? a[src + r * aRow] : 0;
      }
      for (let s = 0; s < strips; s++) {
        const base = s * kc * 4;
        let c00 = 0,
          c01 = 0,
          c02 = 0,
          c03 = 0;
        let c10 = 0,
          c11 = 0,
          c12 = 0,
          c13 = 0;
        let c20 = 0,
          c21 = 0,
          c22 = 0,
          c23 = 0;
        let c30 = 0,
          c31 = 0,
          c32 = 0,
          c33 = 0;
        for (let p = 0; p < kc; p++) {
          const ai = p * 4;
          const bi = base + ai;
          const a0 = ap[ai];
          const a1 = ap[ai + 1];
          const a2 = ap[ai + 2];
          const a3 = ap[ai + 3];
          let bv = bp[bi];
          c00 += a0 * bv;
          c10 += a1 * bv;
          c20 += a2 * bv;
          c30 += a3 * bv;
          bv = bp[bi + 1];
          c01 += a0 * bv;
          c11 += a1 * bv;
          c21 += a2 * bv;
          c31 += a3 * bv;
          bv = bp[bi + 2];
          c02 += a0 * bv;
          c12 += a1 * bv;
          c22 += a2 * bv;
          c32 += a3 * bv;
          bv = bp[bi + 3];
          c03 += a0 * bv;
          c13 += a1 * bv;
          c23 += a2 * bv;
          c33 += a3 * bv;
        }
        const j = s * 4;
        const w = Math.min(4, n - j);
        const row = cOff + i0 * n + j;
        if (h === 4 && w === 4) {
          c[row] += c00;
          c[row + 1] += c01;
          c[row + 2] += c02;
          c[row + 3] += c03;
          const r1 = row + n;
          c[r1] += c10;
          c[r1 + 1] += c11;
          c[r1 + 2] += c12;
          c[r1 + 3] += c13;
          const r2 = r1 + n;
          c[r2] += c20;
          c[r2 + 1] += c21;
          c[r2 + 2] += c22;
          c[r2 + 3] += c23;
          const r3 = r2 + n;
          c[r3] += c30;
          c[r3 + 1] += c31;
          c[r3 + 2] += c32;
          c[r3 + 3] += c33;
        } else {
          edge[0] = c00;
          edge[1] = c01;
          edge[2] = c02;
          edge[3] = c03;
          edge[4] = c10;
          edge[5] = c11;
          edge[6] = c12;
          edge[7] = c13;
          edge[8] = c20;
          edge[9] = c21;
          edge[10] = c22;
          edge[11] = c23;
          edge[12] = c30;
          edge[13] = c31;
          edge[14] = c32;
          edge[15] = c33;
          for (let r = 0; r < h; r++)
            for (let q = 0; q < w; q++) c[row + r * n + q] += edge[r * 4 + q];
        }
      }
    }
  }
}
