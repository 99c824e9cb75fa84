import { type KernelFn, sizeOf, type UnaryOp } from '@digitnet/core';
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
  // Our own range reduction and polynomials (TRIG below): WebGL's built-in sin/cos are off by
  // up to 2e-4 on some devices (SwiftShader in headless Chromium, measured by the suite).
  sin: 'q === 0 ? s : (q === 1 ? c : (q === 2 ? -s : -c))',
  cos: 'q === 0 ? c : (q === 1 ? -s : (q === 2 ? -c : s))',
  // Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7), as the CPU backend; PRELUDE computes y.
  erf: 'v < 0 ? -y : y',
};

// sin and cos: v = k·π/2 + r with |r| ≤ π/4 (Cody–Waite: π/2 split into its float32 value and
// the remainder), Taylor polynomials of r (errors below 3e-8), and the quadrant q = k mod 4.
const TRIG = [
  'const k = Math.round(v * 0.6366197723675814);',
  'const r = v - k * 1.5707963705062866 + k * 4.371139000186241e-8;',
  'const r2 = r * r;',
  'const s = r + r * r2 * (-0.16666666666666666 + r2 * (0.008333333333333333 + r2 * (-0.0001984126984126984 + r2 * 0.0000027557319223985893)));',
  'const c = 1 + r2 * (-0.5 + r2 * (0.041666666666666664 + r2 * (-0.001388888888888889 + r2 * 0.0000248015873015873)));',
  'const q = k - 4 * Math.floor(k / 4);',
];

// Lines some expressions need before them.
const PRELUDE: Partial<Record<UnaryOp, string[]>> = {
  sin: TRIG,
  cos: TRIG,
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
  const size = sizeOf(x.shape);
  const source = () => ({
    source: kernelSource(
      ['x', 'alpha'],
      ['const v = x[this.thread.x];', ...(PRELUDE[op] ?? []), `return ${expression};`],
    ),
  });
  return b.run(`Unary ${op} ${size}`, source, [x, alpha], x.shape, x.dtype);
};
