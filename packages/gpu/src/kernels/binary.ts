import { type BinaryOp, broadcastPlan, type KernelFn, sizeOf } from '@digitnet/core';
import { coords, dot, kernelSource, unravel } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';

// Each function of `p` (from a) and `q` (from b).
const EXPRESSIONS: Record<BinaryOp, string> = {
  add: 'p + q',
  sub: 'p - q',
  mul: 'p * q',
  div: 'p / q',
  pow: 'Math.pow(p, q)',
  maximum: 'p >= q ? p : q',
  minimum: 'p <= q ? p : q',
  equal: 'p === q ? 1 : 0',
  greater: 'p > q ? 1 : 0',
  greaterEqual: 'p >= q ? 1 : 0',
};

// int32 results of these are truncated towards zero, as the CPU backend's Int32Array stores them.
const FRACTIONAL: ReadonlySet<BinaryOp> = new Set(['div', 'pow']);

/** The index expressions of a and b for the output element `i`, and the lines computing them. */
function indexing(a: readonly number[], b: readonly number[], out: readonly number[]) {
  const size = sizeOf(out);
  const sizeA = sizeOf(a);
  const sizeB = sizeOf(b);
  if (sizeA === size && sizeB === size) return { lines: [], ai: 'i', bi: 'i' };
  const { dims, aStrides, bStrides } = broadcastPlan(a, b, out);
  const c = coords('c', dims.length);
  return { lines: unravel('i', dims, 'c'), ai: dot(c, aStrides), bi: dot(c, bStrides) };
}

// a, b broadcast to outShape -> op(a, b); comparisons give float32 1/0
export const binary: KernelFn<GpuBackend, 'Binary'> = (backend, { a, b }, { op, outShape }) => {
  const expression = EXPRESSIONS[op];
  if (!expression) throw new Error(`unknown binary op '${op}'`);
  const isComparison = op === 'equal' || op === 'greater' || op === 'greaterEqual';
  const dtype = isComparison ? 'float32' : a.dtype;
  const result = dtype === 'int32' && FRACTIONAL.has(op) ? `Math.trunc(${expression})` : expression;
  const key = `Binary ${op} ${dtype} [${a.shape}] [${b.shape}] [${outShape}]`;
  const source = () => {
    const { lines, ai, bi } = indexing(a.shape, b.shape, outShape);
    return {
      source: kernelSource(
        ['a', 'b'],
        [
          'const i = this.thread.x;',
          ...lines,
          `const p = a[${ai}];`,
          `const q = b[${bi}];`,
          `return ${result};`,
        ],
      ),
    };
  };
  return backend.run(key, source, [a, b], outShape, dtype);
};
