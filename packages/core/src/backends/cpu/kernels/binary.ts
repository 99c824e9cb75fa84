import type { BinaryOp, KernelFn } from '../../../kernels.js';
import { broadcastPlan } from '../../../shape/broadcast.js';
import type { CpuBackend } from '../cpu-backend.js';

type Fn = (a: number, b: number) => number;

const fns: Record<BinaryOp, Fn> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  maximum: (a, b) => (a >= b || Number.isNaN(a) ? a : b),
  minimum: (a, b) => (a <= b || Number.isNaN(a) ? a : b),
  equal: (a, b) => (a === b ? 1 : 0),
  greater: (a, b) => (a > b ? 1 : 0),
  greaterEqual: (a, b) => (a >= b ? 1 : 0),
};

type Out = Float32Array | Int32Array;

// Hot shapes get their own monomorphic loops: same shape, and one side a scalar.
function sameShape(
  op: BinaryOp,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  y: Out,
  n: number,
): boolean {
  switch (op) {
    case 'add':
      for (let i = 0; i < n; i++) y[i] = a[i] + b[i];
      return true;
    case 'sub':
      for (let i = 0; i < n; i++) y[i] = a[i] - b[i];
      return true;
    case 'mul':
      for (let i = 0; i < n; i++) y[i] = a[i] * b[i];
      return true;
    case 'div':
      for (let i = 0; i < n; i++) y[i] = a[i] / b[i];
      return true;
    default:
      return false;
  }
}

function scalarRight(op: BinaryOp, a: ArrayLike<number>, s: number, y: Out, n: number): boolean {
  switch (op) {
    case 'add':
      for (let i = 0; i < n; i++) y[i] = a[i] + s;
      return true;
    case 'sub':
      for (let i = 0; i < n; i++) y[i] = a[i] - s;
      return true;
    case 'mul':
      for (let i = 0; i < n; i++) y[i] = a[i] * s;
      return true;
    case 'div':
      for (let i = 0; i < n; i++) y[i] = a[i] / s;
      return true;
    default:
      return false;
  }
}

// One row of a broadcast walk for the arithmetic ops, without a call per element.
function stridedRow(
  op: BinaryOp,
  a: ArrayLike<number>,
  ai: number,
  sa: number,
  b: ArrayLike<number>,
  bi: number,
  sb: number,
  y: Out,
  o: number,
  len: number,
): boolean {
  switch (op) {
    case 'add':
      for (let j = 0; j < len; j++) y[o + j] = a[ai + j * sa] + b[bi + j * sb];
      return true;
    case 'sub':
      for (let j = 0; j < len; j++) y[o + j] = a[ai + j * sa] - b[bi + j * sb];
      return true;
    case 'mul':
      for (let j = 0; j < len; j++) y[o + j] = a[ai + j * sa] * b[bi + j * sb];
      return true;
    case 'div':
      for (let j = 0; j < len; j++) y[o + j] = a[ai + j * sa] / b[bi + j * sb];
      return true;
    default:
      return false;
  }
}

// a, b broadcast to outShape -> op(a, b); comparisons give float32 1/0
export const binary: KernelFn<CpuBackend, 'Binary'> = (backend, { a, b }, { op, outShape }) => {
  const fn = fns[op];
  if (!fn) throw new Error(`unknown binary op '${op}'`);
  const isComparison = op === 'equal' || op === 'greater' || op === 'greaterEqual';
  const dtype = isComparison ? 'float32' : a.dtype;
  const { values: y, info } = backend.empty(outShape, dtype);
  const av = backend.data(a);
  const bv = backend.data(b);
  const n = y.length;
  if (n === 0) return info;
  if (av.length === n && bv.length === n && sameShape(op, av, bv, y, n)) return info;
  if (av.length === n && bv.length === 1 && scalarRight(op, av, bv[0], y, n)) return info;
  // General walk over the coalesced plan: an odometer over outer dims, a strided inner loop.
  const { dims, aStrides, bStrides } = broadcastPlan(a.shape, b.shape, outShape);
  const rank = dims.length;
  const inner = dims[rank - 1];
  const sa = aStrides[rank - 1];
  const sb = bStrides[rank - 1];
  const index = new Array<number>(rank).fill(0);
  let ai = 0;
  let bi = 0;
  for (let o = 0; o < n; o += inner) {
    if (!stridedRow(op, av, ai, sa, bv, bi, sb, y, o, inner)) {
      for (let j = 0; j < inner; j++) y[o + j] = fn(av[ai + j * sa], bv[bi + j * sb]);
    }
    // Advance the odometer over dims[0..rank-2].
    for (let d = rank - 2; d >= 0; d--) {
      index[d]++;
      ai += aStrides[d];
      bi += bStrides[d];
      if (index[d] < dims[d]) break;
      ai -= aStrides[d] * dims[d];
      bi -= bStrides[d] * dims[d];
      index[d] = 0;
    }
  }
  return info;
};
