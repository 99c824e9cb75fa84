import type { KernelFn } from '../../../kernels.js';
import type { CpuBackend } from '../cpu-backend.js';
import { gemm, gemmNT } from '../gemm.js';

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
  let bv = backend.floats(b);
  let bT = transposeB;
  if (transposeA && transposeB) {
    // Rare: materialise Bᵀ so the strided-A kernel applies.
    const t = new Float32Array(bv.length);
    for (let s = 0; s < bb; s++)
      for (let i = 0; i < br; i++)
        for (let j = 0; j < bc; j++) t[s * br * bc + j * br + i] = bv[s * br * bc + i * bc + j];
    bv = t;
    bT = false;
  }
  for (let s = 0; s < batch; s++) {
    const aOff = ba === 1 ? 0 : s * m * k;
    const bOff = bb === 1 ? 0 : s * k * n;
    const cOff = s * m * n;
    if (bT) gemmNT(m, n, k, av, aOff, bv, bOff, c, cOff, false);
    else if (transposeA) gemm(m, n, k, av, aOff, 1, m, bv, bOff, c, cOff, false);
    else gemm(m, n, k, av, aOff, k, 1, bv, bOff, c, cOff, false);
  }
  return info;
};
