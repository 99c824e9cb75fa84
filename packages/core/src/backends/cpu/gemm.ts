// Single-threaded float32 matrix products, blocked for the cache. Everything heavy (matmul,
// linear, convolutions via im2col) ends up here.

// Column and depth block sizes: a KB×NB block of B (128×256 floats = 128 KiB) stays in L2
// while four rows of C (4×256 floats) stay in L1.
const NB = 256;
const KB = 128;

/**
 * C[M,N] (+)= A·B with B row-major [K, N] and A read through strides, so A may be a transposed
 * view: A[i, p] = a[aOff + i·aRow + p·aCol].
 * Loop order i-p-j: the innermost loop streams a row of B into four rows of C.
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  aOff: number,
  aRow: number,
  aCol: number,
  b: Float32Array,
  bOff: number,
  c: Float32Array,
  cOff: number,
  accumulate: boolean,
): void {
  if (!accumulate) c.fill(0, cOff, cOff + m * n);
  for (let j0 = 0; j0 < n; j0 += NB) {
    const j1 = Math.min(n, j0 + NB);
    for (let p0 = 0; p0 < k; p0 += KB) {
      const p1 = Math.min(k, p0 + KB);
      let i = 0;
      for (; i + 3 < m; i += 4) {
        const c0 = cOff + i * n;
        const c1 = c0 + n;
        const c2 = c1 + n;
        const c3 = c2 + n;
        const aBase = aOff + i * aRow;
        for (let p = p0; p < p1; p++) {
          const ap = aBase + p * aCol;
          const a0 = a[ap];
          const a1 = a[ap + aRow];
          const a2 = a[ap + 2 * aRow];
          const a3 = a[ap + 3 * aRow];
          const bRow = bOff + p * n;
          for (let j = j0; j < j1; j++) {
            const bv = b[bRow + j];
            c[c0 + j] += a0 * bv;
            c[c1 + j] += a1 * bv;
            c[c2 + j] += a2 * bv;
            c[c3 + j] += a3 * bv;
          }
        }
      }
      for (; i < m; i++) {
        const c0 = cOff + i * n;
        const aBase = aOff + i * aRow;
        for (let p = p0; p < p1; p++) {
          const a0 = a[aBase + p * aCol];
          if (a0 === 0) continue;
          const bRow = bOff + p * n;
          for (let j = j0; j < j1; j++) c[c0 + j] += a0 * b[bRow + j];
        }
      }
    }
  }
}

/**
 * C[M,N] (+)= A·Bᵀ with A row-major [M, K] and B row-major [N, K]: dot products of rows, four
 * columns of C at a time, accumulated in float64.
 */
export function gemmNT(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  aOff: number,
  b: Float32Array,
  bOff: number,
  c: Float32Array,
  cOff: number,
  accumulate: boolean,
): void {
  for (let i = 0; i < m; i++) {
    const aRow = aOff + i * k;
    const cRow = cOff + i * n;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const b0 = bOff + j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let p = 0; p < k; p++) {
        const av = a[aRow + p];
        s0 += av * b[b0 + p];
        s1 += av * b[b1 + p];
        s2 += av * b[b2 + p];
        s3 += av * b[b3 + p];
      }
      if (accumulate) {
        c[cRow + j] += s0;
        c[cRow + j + 1] += s1;
        c[cRow + j + 2] += s2;
        c[cRow + j + 3] += s3;
      } else {
        c[cRow + j] = s0;
        c[cRow + j + 1] = s1;
        c[cRow + j + 2] = s2;
        c[cRow + j + 3] = s3;
      }
    }
    for (; j < n; j++) {
      const bRow = bOff + j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[aRow + p] * b[bRow + p];
      c[cRow + j] = accumulate ? c[cRow + j] + s : s;
    }
  }
}
