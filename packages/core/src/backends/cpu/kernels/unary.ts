import type { KernelFn, UnaryOp } from '../../../kernels.js';
import type { CpuBackend } from '../cpu-backend.js';

type Loop = (x: ArrayLike<number>, y: Float32Array | Int32Array, n: number, alpha: number) => void;

// One tight loop per function, chosen once per call (no switch inside the loop).
const loops: Record<UnaryOp, Loop> = {
  neg: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = -x[i];
  },
  exp: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = Math.exp(x[i]);
  },
  log: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = Math.log(x[i]);
  },
  sqrt: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = Math.sqrt(x[i]);
  },
  abs: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = Math.abs(x[i]);
  },
  sign: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? 1 : x[i] < 0 ? -1 : 0;
  },
  relu: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = Math.max(x[i], 0);
  },
  step: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? 1 : 0;
  },
  leakyRelu: (x, y, n, alpha) => {
    for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : alpha * x[i];
  },
  sigmoid: (x, y, n) => {
    // Two branches keep exp's argument non-positive, so neither overflows.
    for (let i = 0; i < n; i++) {
      const v = x[i];
      if (v >= 0) y[i] = 1 / (1 + Math.exp(-v));
      else {
        const e = Math.exp(v);
        y[i] = e / (1 + e);
      }
    }
  },
  tanh: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]);
  },
  square: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = x[i] * x[i];
  },
  reciprocal: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = 1 / x[i];
  },
};

// x -> op(x), same shape and dtype
export const unary: KernelFn<CpuBackend, 'Unary'> = (b, { x }, { op, alpha }) => {
  const loop = loops[op];
  if (!loop) throw new Error(`unknown unary op '${op}'`);
  const { values, info } = b.empty(x.shape, x.dtype);
  loop(b.data(x), values, values.length, alpha);
  return info;
};
