import { type BinaryOp, cpuKernels, type KernelFn } from '@digitnet/core';
import { read, write } from '../arena.js';
import type { WasmBackend } from '../wasm-backend.js';
import { threadsFor } from './split.js';

const codes: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3 };

/**
 * How b broadcasts against a full-shape a: 'rowScalar' (one b value per run of `inner` values, as a
 * [1, C, 1, 1] or [N, C, 1, 1] operand over [N, C, H, W]), 'rowVector' (b repeated across rows, as
 * a [C] bias over [N, C]), or undefined (another broadcast: the CPU kernel).
 */
function plan(
  bShape: readonly number[],
  out: readonly number[],
): { kind: 'rowScalar' | 'rowVector'; rows: number; inner: number } | undefined {
  const rank = out.length;
  if (bShape.length > rank) return undefined;
  const b = [...new Array<number>(rank - bShape.length).fill(1), ...bShape];
  let inner = 1;
  let d = rank - 1;
  while (d >= 0 && b[d] === 1) inner *= out[d--];
  const n = out.reduce((x, y) => x * y, 1);
  if (inner > 1) return inner >= 8 ? { kind: 'rowScalar', rows: n / inner, inner } : undefined;
  // b's trailing dims equal out's, then only 1s: b repeats across rows.
  let size = 1;
  while (d >= 0 && b[d] === out[d]) size *= out[d--];
  while (d >= 0 && b[d] === 1) d--;
  if (d >= 0 || size < 8) return undefined;
  return { kind: 'rowVector', rows: n / size, inner: size };
}

/** One value of b per row of `inner` outputs: b's element for each row, by the broadcast strides. */
function rowValues(
  bv: Float32Array,
  bShape: readonly number[],
  out: readonly number[],
  rows: number,
): Float32Array {
  const rank = out.length;
  const b = [...new Array<number>(rank - bShape.length).fill(1), ...bShape];
  // The leading axes that index rows (out's dims up to where the trailing broadcast run starts).
  let lead = rank;
  while (lead > 0 && b[lead - 1] === 1) lead--;
  const strides = new Array<number>(lead).fill(0);
  let s = 1;
  for (let d = lead - 1; d >= 0; d--) {
    strides[d] = b[d] === 1 ? 0 : s;
    s *= b[d];
  }
  const values = new Float32Array(rows);
  const index = new Array<number>(lead).fill(0);
  let at = 0;
  for (let r = 0; r < rows; r++) {
    values[r] = bv[at];
    for (let d = lead - 1; d >= 0; d--) {
      index[d]++;
      at += strides[d];
      if (index[d] < out[d]) break;
      at -= strides[d] * out[d];
      index[d] = 0;
    }
  }
  return values;
}

/** Threads for an elementwise pass over n values (each thread at least minWorkPerThread of them). */
export function elementwiseThreads(backend: WasmBackend, n: number): number {
  return threadsFor(Math.ceil(n / 4), n, backend.minWorkPerThread);
}

// a, b broadcast to outShape -> op(a, b). In wasm: float32 add/sub/mul/div with both the same shape,
// or a full and b a per-row scalar or a repeated vector (either side for add and mul). Everything
// else (comparisons, pow, int32, other broadcasts): the CPU kernel.
export const binary: KernelFn<WasmBackend, 'Binary'> = (backend, inputs, attrs) => {
  const { op, outShape } = attrs;
  const code = codes[op];
  let { a, b } = inputs;
  const n = outShape.reduce((x, y) => x * y, 1);
  if (code === undefined || a.dtype !== 'float32' || b.dtype !== 'float32' || n < 16) {
    return cpuKernels.Binary(backend, inputs, attrs);
  }
  const sizeA = a.shape.reduce((x, y) => x * y, 1);
  const sizeB = b.shape.reduce((x, y) => x * y, 1);
  const { arena } = backend;
  if (sizeA === n && sizeB === n) {
    const y = backend.empty(outShape, 'float32');
    const [pa, pb, py] = arena.place([
      read(backend.floats(a)),
      read(backend.floats(b)),
      write(y.values),
    ]);
    backend.run('binarySamePart', [code, pa, pb, py, n], elementwiseThreads(backend, n));
    arena.finish();
    return y.info;
  }
  // The broadcast side on the right: swapped for the commutative ops.
  if (sizeA !== n && sizeB === n && (op === 'add' || op === 'mul')) [a, b] = [b, a];
  if (a.shape.reduce((x, y) => x * y, 1) !== n) return cpuKernels.Binary(backend, inputs, attrs);
  const p = plan(b.shape, outShape);
  if (!p) return cpuKernels.Binary(backend, inputs, attrs);
  const y = backend.empty(outShape, 'float32');
  const bv = backend.floats(b);
  const right = p.kind === 'rowScalar' ? rowValues(bv, b.shape, outShape, p.rows) : bv;
  const [pa, pb, py] = arena.place([read(backend.floats(a)), read(right), write(y.values)]);
  const rowScalar = p.kind === 'rowScalar' ? 1 : 0;
  const args = [rowScalar, code, pa, pb, py, p.rows, p.inner];
  backend.run('binaryRowsPart', args, Math.min(p.rows, elementwiseThreads(backend, n)));
  arena.finish();
  return y.info;
};
