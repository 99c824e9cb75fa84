import { type KernelFn, matMulDims } from '@digitnet/core';
import { read, write } from '../arena.js';
import type { WasmBackend } from '../wasm-backend.js';
import { threadsFor } from './split.js';

// a: [Ba, M, K] (or [Ba, K, M] when transposeA), b: [Bb, K, N] (or [Bb, N, K]) -> [max(Ba, Bb), M, N]
// Operands are used where they live (copied in once over a private memory); transposes are
// strides, read in place by gemm.
export const matMul: KernelFn<WasmBackend, 'MatMul'> = (
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
  const av = backend.floats(a);
  const bv = backend.floats(b);
  const { arena } = backend;
  const [pa, pb, pc] = arena.place([read(av), read(bv), write(values)]);
  // Strides in elements: A(i, p) = a[i·aRow + p·aCol], B(p, j) = b[p·bRow + j·bCol].
  const [aRow, aCol] = transposeA ? [1, m] : [k, 1];
  const [bRow, bCol] = transposeB ? [1, k] : [n, 1];
  for (let s = 0; s < batch; s++) {
    const aAt = pa + (ba === 1 ? 0 : s * m * k * 4);
    const bAt = pb + (bb === 1 ? 0 : s * k * n * 4);
    // Threads split C's columns (or rows, when it has more of them); k stays whole.
    const args = [m, n, k, aAt, aRow, aCol, bAt, bRow, bCol, pc + s * m * n * 4, n, 0];
    const strips = Math.max(Math.ceil(n / 8), Math.ceil(m / 4));
    backend.run(
      'gemmPart',
      [...args, arena.work, arena.workStride],
      threadsFor(strips, m * n * k, backend.minWorkPerThread),
    );
  }
  arena.finish();
  return info;
};
