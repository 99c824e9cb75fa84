import type { KernelFn } from '../../../kernels.js';
import type { CpuBackend } from '../cpu-backend.js';
import { gemm, rowMajor, transposed } from '../gemm.js';

// a: [Ba, M, K] (or [Ba, K, M] when transposeA), b: [Bb, K, N] (or [Bb, N, K]) -> [max(Ba, Bb), M, N]
export const matMul: KernelFn<CpuBackend, 'MatMul'> = (
  backend,
  { a, b },
  { transposeA, transposeB },
) => {
  const [ba, ar, ac] = a.shape;
  const [bb, br, bc] = b.shape;
  const m = transposeA ? ac : ar;
  const k = transposeA ? ar : ac;
  const n = transposeB ? br : bc;
  const kb = transposeB ? bc : br;
  if (k !== kb || (ba !== bb && ba !== 1 && bb !== 1)) {
    throw new Error(`inner sizes ${k} and ${kb} or batches ${ba} and ${bb} do not match`);
  }
  const batch = Math.max(ba, bb);
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
