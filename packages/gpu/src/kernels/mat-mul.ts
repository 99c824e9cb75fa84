import { type KernelFn, matMulDims } from '@digitnet/core';
import { kernelSource, unravel } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';

// a: [Ba, M, K] (or [Ba, K, M] when transposeA), b: [Bb, K, N] (or [Bb, N, K]) -> [max(Ba, Bb), M, N]
export const matMul: KernelFn<GpuBackend, 'MatMul'> = (
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
  const source = () => {
    const aBase = ba === 1 ? '0' : `c0 * ${m * k}`;
    const bBase = bb === 1 ? '0' : `c0 * ${k * n}`;
    // Transposes are strides: operands are read in place, element (row, j) first, then a step
    // of j at a time.
    const aStart = transposeA ? 'c1' : `c1 * ${k}`;
    const bStart = transposeB ? `c2 * ${k}` : 'c2';
    const body = [
      'const i = this.thread.x;',
      ...unravel('i', [batch, m, n], 'c'),
      `let aAt = ${aBase} + ${aStart};`,
      `let bAt = ${bBase} + ${bStart};`,
      'let acc = 0;',
      `for (let j = 0; j < ${k}; j++) {`,
      '  acc += a[aAt] * b[bAt];',
      `  aAt += ${transposeA ? m : 1};`,
      `  bAt += ${transposeB ? 1 : n};`,
      '}',
      'return acc;',
    ];
    return { source: kernelSource(['a', 'b'], body), loopMax: k };
  };
  const key = `MatMul [${a.shape}] [${b.shape}] ${transposeA} ${transposeB}`;
  return backend.run(key, source, [a, b], [batch, m, n], 'float32');
};
