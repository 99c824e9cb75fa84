// softmax and logSoftmax along an axis, numerically stable, with closed-form backwards.
import { record } from '../autograd.js';
import { normalizeAxis } from '../shape/shape.js';
import type { Tensor } from '../tensor.js';
import { asFloat } from './operand.js';
import { binary, unary } from './raw.js';
import { reduceRaw } from './reduce.js';

/** log(softmax(x)) computed as x − max − log Σ exp(x − max), without the graph. */
function logSoftmaxRaw(x: Tensor, axis: number): Tensor {
  const m = reduceRaw('max', x, [axis], true);
  const shifted = binary('sub', x, m);
  const e = unary('exp', shifted);
  const s = reduceRaw('sum', e, [axis], true);
  const ls = unary('log', s);
  const out = binary('sub', shifted, ls);
  for (const t of [m, shifted, e, s, ls]) t.dispose();
  return out;
}

/**
 * Log-probabilities along `axis` (default: the last).
 * @example
 * ```ts
 * const logits = tensor([[0, 0], [1000, 0]]);
 * console.log(logSoftmax(logits, 1)); // stable: → tensor([[-6.9315e-01, -6.9315e-01], [ 0.0000e+00, -1.0000e+03]])
 * ```
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const t = asFloat('logSoftmax', x);
  const a = normalizeAxis('logSoftmax', axis, t.rank);
  const out = logSoftmaxRaw(t, a);
  // d/dx: dy − softmax · Σ dy
  return record('logSoftmax', [t], out, [out], (dy, [out]) => [
    binary('sub', dy, binary('mul', unary('exp', out), reduceRaw('sum', dy, [a], true))),
  ]);
}

/** Probabilities along `axis` (default: the last). */
export function softmax(x: Tensor, axis = -1): Tensor {
  const t = asFloat('softmax', x);
  const a = normalizeAxis('softmax', axis, t.rank);
  const ls = logSoftmaxRaw(t, a);
  const out = unary('exp', ls);
  ls.dispose();
  // d/dx: y · (dy − Σ dy·y)
  return record('softmax', [t], out, [out], (dy, [out]) => [
    binary('mul', out, binary('sub', dy, reduceRaw('sum', binary('mul', dy, out), [a], true))),
  ]);
}
