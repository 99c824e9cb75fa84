import type { DType, KernelFn, ReduceOp, TensorInfo } from '@digitnet/core';
import { kernelSource } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';

// Longer reductions run in two passes (chunks of about √reduce, then the chunks): more threads
// on a GPU, and float32 sums whose error grows with √reduce rather than with reduce.
const ONE_PASS_LIMIT = 256;

/** Source of one pass: output (o, p, n) of [outer, chunks, inner] combines rows p·len .. p·len + len. */
function passSource(op: ReduceOp, reduce: number, inner: number, len: number): string {
  const chunks = Math.ceil(reduce / len);
  const body = [
    'const i = this.thread.x;',
    `const o = Math.floor((i + 0.5) / ${chunks * inner});`,
    `const r = i - o * ${chunks * inner};`,
    `const p = Math.floor((r + 0.5) / ${inner});`,
    `const n = r - p * ${inner};`,
    `const base = o * ${reduce * inner} + p * ${len * inner} + n;`,
  ];
  // The last chunk may be short: rows past `reduce` are skipped.
  const guard = len * chunks > reduce ? `if (p * ${len} + k < ${reduce}) ` : '';
  if (op === 'sum') {
    body.push(
      'let acc = 0;',
      `for (let k = 0; k < ${len}; k++) {`,
      `  ${guard}acc += x[base + k * ${inner}];`,
      '}',
      'return acc;',
    );
    return kernelSource(['x'], body);
  }
  // The first row starts; later ones win only when strictly better (first extreme wins ties).
  const better = op === 'max' || op === 'argmax' ? '>' : '<';
  const isArg = op === 'argmax' || op === 'argmin';
  body.push(
    'let best = x[base];',
    'let bestK = 0;',
    `for (let k = 1; k < ${len}; k++) {`,
    `  ${guard}{`,
    `    const v = x[base + k * ${inner}];`,
    `    if (v ${better} best) {`,
    '      best = v;',
    '      bestK = k;',
    '    }',
    '  }',
    '}',
    `return ${isArg ? 'bestK' : 'best'};`,
  );
  return kernelSource(['x'], body);
}

/** x viewed as [outer, reduce, inner] -> [outer, inner] of `shape`, for kernels that reduce. */
export function reduceAxis(
  b: GpuBackend,
  op: ReduceOp,
  x: TensorInfo,
  outer: number,
  reduce: number,
  inner: number,
  shape: readonly number[],
): TensorInfo {
  const isArg = op === 'argmax' || op === 'argmin';
  const dtype: DType = isArg ? 'int32' : x.dtype;
  if (isArg || reduce <= ONE_PASS_LIMIT) {
    const source = () => ({ source: passSource(op, reduce, inner, reduce), loopMax: reduce });
    return b.run(`Reduce ${op} ${outer} ${reduce} ${inner}`, source, [x], shape, dtype);
  }
  // Chunks of len rows, the last one shorter but never empty.
  const len = Math.ceil(Math.sqrt(reduce));
  const chunks = Math.ceil(reduce / len);
  const key = `Reduce ${op} ${outer} ${reduce} ${inner} in chunks of ${len}`;
  const first = () => ({ source: passSource(op, reduce, inner, len), loopMax: len });
  const partial = b.run(key, first, [x], [outer, chunks, inner], dtype);
  const out = reduceAxis(b, op, partial, outer, chunks, inner, shape);
  b.dispose(partial.dataId);
  return out;
}

// x viewed as [outer, reduce, inner] -> [outer, inner]
export const reduce: KernelFn<GpuBackend, 'Reduce'> = (
  b,
  { x },
  { op, outer, reduce: r, inner, outShape },
) => reduceAxis(b, op, x, outer, r, inner, outShape);
