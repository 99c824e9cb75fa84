import type { KernelFn } from '../../../kernels.js';
import { matMulDims } from '../../../shape/matmul.js';
import type { CpuBackend } from '../cpu-backend.js';
import { gemm, rowMajor, transposed } from '../gemm.js';

// a: [Ba, M, K] (or [Ba, K, M] when transposeA), b: [Bb, K, N] (or [Bb, N, K]) -> [max(Ba, Bb), M, N]
export const matMul: KernelFn<CpuBackend, 'MatMul'> = (
  backend,
  { a, b },
  { transposeA, transposeB },
) => {
  const {
    batchA: ba,
    batchB: bb,
    batch,
    m,
    n,
    k,
  } = matMulDims(a.shape, b.shape, transposeA, transposeB);
  const { values, info } = backend.empty([batch, m, n], 'float32');
  const c = values as Float32Array;
  const av = backend.floats(a);
  const bv = backend.floats(b);
  // Transposes are strides: operands are read in place.
  for (let s = 0; s < batch; s++) {
    const aOff = ba === 1 ? 0 : s * m * k;
    const bOff = bb === 1 ? 0 : s * k * n;
    const A = transposeA ? transposed(av, aOff, m) : rowMajor(av, aOff, k);
    const B = transposeB ? transposed(bv, bOff, k) : rowMajor(bv, bOff, n);
    gemm(m, n, k, A, B, c, s * m * n, false);
  }
  return info;
};
