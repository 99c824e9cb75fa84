// Reference elementwise maths in float64: unary functions, broadcasting binary ones, fill and cast.
import {
  broadcastShape,
  broadcastSource,
  type Nd,
  nd,
  numel,
  type RefDType,
  unravel,
} from './nd.js';

/** Names of the reference's one-input functions. */
export type RefUnary =
  | 'neg'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'abs'
  | 'sign'
  | 'relu'
  | 'step'
  | 'leakyRelu'
  | 'sigmoid'
  | 'tanh'
  | 'square'
  | 'reciprocal';

/** Names of the reference's two-input functions. */
export type RefBinary =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'maximum'
  | 'minimum'
  | 'equal'
  | 'greater'
  | 'greaterEqual'
  | 'less'
  | 'lessEqual';

const UNARY: Record<RefUnary, (x: number, alpha: number) => number> = {
  neg: (x) => -x,
  exp: (x) => Math.exp(x),
  log: (x) => Math.log(x),
  sqrt: (x) => Math.sqrt(x),
  abs: (x) => Math.abs(x),
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
  relu: (x) => Math.max(x, 0),
  step: (x) => (x > 0 ? 1 : 0),
  leakyRelu: (x, alpha) => (x > 0 ? x : alpha * x),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: (x) => Math.tanh(x),
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
};

const BINARY: Record<RefBinary, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  maximum: (a, b) => Math.max(a, b),
  minimum: (a, b) => Math.min(a, b),
  equal: (a, b) => (a === b ? 1 : 0),
  greater: (a, b) => (a > b ? 1 : 0),
  greaterEqual: (a, b) => (a >= b ? 1 : 0),
  less: (a, b) => (a < b ? 1 : 0),
  lessEqual: (a, b) => (a <= b ? 1 : 0),
};

const COMPARISONS = new Set<RefBinary>(['equal', 'greater', 'greaterEqual', 'less', 'lessEqual']);

/** op(x) elementwise, same shape and dtype. */
export function unary(op: RefUnary, x: Nd, alpha = 0.01): Nd {
  const f = UNARY[op];
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(x.data[i], alpha);
  return nd(x.shape, out, x.dtype);
}

/** op(a, b) with NumPy broadcasting; comparisons give float32 1/0, int32 with int32 stays int32, any float32 gives float32. */
export function binary(op: RefBinary, a: Nd, b: Nd): Nd {
  const f = BINARY[op];
  const shape = broadcastShape(a.shape, b.shape);
  const out = new Float64Array(numel(shape));
  for (let i = 0; i < out.length; i++) {
    const idx = unravel(i, shape);
    out[i] = f(a.data[broadcastSource(idx, a.shape)], b.data[broadcastSource(idx, b.shape)]);
  }
  const int = a.dtype === 'int32' && b.dtype === 'int32' && op !== 'div';
  return nd(shape, out, COMPARISONS.has(op) || !int ? 'float32' : 'int32');
}

/** x repeated to `shape` (the broadcast must give exactly `shape`). */
export function broadcastTo(x: Nd, shape: readonly number[]): Nd {
  const full = broadcastShape(x.shape, shape);
  if (full.join() !== shape.join()) {
    throw new Error(`reference: cannot broadcast [${x.shape}] to [${shape}]`);
  }
  return binary('add', x, nd(shape, undefined, x.dtype));
}

/** A tensor of `shape` filled with `value`. */
export function fill(shape: readonly number[], value: number, dtype: RefDType = 'float32'): Nd {
  return nd(shape, new Float64Array(numel(shape)).fill(value), dtype);
}

/** Converts dtype; float to int truncates towards zero. */
export function cast(x: Nd, dtype: RefDType): Nd {
  const out = dtype === 'int32' ? x.data.map((v) => Math.trunc(v)) : x.data.slice();
  return nd(x.shape, out, dtype);
}
