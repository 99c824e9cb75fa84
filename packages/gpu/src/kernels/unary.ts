import type { KernelFn, UnaryOp } from '@digitnet/core';
import { kernelSource } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';

// Each function of `v` (the element) and `alpha` (a uniform).
const EXPRESSIONS: Record<UnaryOp, string> = {
  neg: '-v',
  exp: 'Math.exp(v)',
  log: 'Math.log(v)',
  sqrt: 'Math.sqrt(v)',
  abs: 'Math.abs(v)',
  sign: 'v > 0 ? 1 : (v < 0 ? -1 : 0)',
  relu: 'v > 0 ? v : 0',
  step: 'v > 0 ? 1 : 0',
  leakyRelu: 'v > 0 ? v : alpha * v',
  // exp(−v) overflows to Infinity for very negative v, and 1/(1 + ∞) = 0: no branch needed.
  sigmoid: '1 / (1 + Math.exp(-v))',
  tanh: 'Math.tanh(v)',
  square: 'v * v',
  reciprocal: '1 / v',
  sin: 'Math.sin(v)',
  cos: 'Math.cos(v)',
  // Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7), as the CPU backend; PRELUDE computes y.
  erf: 'v < 0 ? -y : y',
};

// Lines some expressions need before them.
const PRELUDE: Partial<Record<UnaryOp, string[]>> = {
  erf: [
    'const ax = Math.abs(v);',
    'const t = 1 / (1 + 0.3275911 * ax);',
    'const poly = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t;',
    'const y = 1 - poly * Math.exp(-ax * ax);',
  ],
};

// x -> op(x), same shape and dtype
export const unary: KernelFn<GpuBackend, 'Unary'> = (b, { x }, { op, alpha }) => {
  const expression = EXPRESSIONS[op];
  if (!expression) throw new Error(`unknown unary op '${op}'`);
  const size = x.shape.reduce((a, d) => a * d, 1);
  const source = () => ({
    source: kernelSource(
      ['x', 'alpha'],
      ['const v = x[this.thread.x];', ...(PRELUDE[op] ?? []), `return ${expression};`],
    ),
  });
  return b.run(`Unary ${op} ${size}`, source, [x, alpha], x.shape, x.dtype);
};
