// Dropout of elements and of whole channels; masks come from the seeded PRNG in core.

import { record } from '../autograd.js';
import { type Generator, globalGenerator } from '../random.js';
import { showShape } from '../shape/shape.js';
import { Tensor } from '../tensor.js';
import { asFloat } from './operand.js';
import { binary } from './raw.js';

function checkP(op: string, p: number): void {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1))
    throw new Error(`${op}: probability p must be in [0, 1], got ${p}`);
}

// Kept entries are scaled by 1/(1 − p) so the expected value is unchanged (inverted dropout).
function mask(
  shape: readonly number[],
  size: number,
  p: number,
  g: Generator,
  like: Tensor,
): Tensor {
  const values = new Float32Array(size);
  const scale = p === 1 ? 0 : 1 / (1 - p);
  for (let i = 0; i < size; i++) values[i] = g.random() < p ? 0 : scale;
  return Tensor.fromValues(values, shape, 'float32', like.backend);
}

function applyMask(op: string, t: Tensor, m: Tensor): Tensor {
  const out = record(op, [t], binary('mul', t, m), [m], (dy, [m]) => [binary('mul', dy, m)]);
  m.dispose(); // the graph node holds its own handle
  return out;
}

/**
 * Zeroes each element with probability p in training (scaling the rest by 1/(1 − p)); identity otherwise.
 * @example
 * ```ts
 * manualSeed(0);
 * const y = dropout(ones([1000]), 0.5, true); // kept values are scaled by 1 / (1 − p)
 * console.log(y.max().item(), y.sum().item() > 800); // → 2 true
 * console.log(dropout(ones([3]), 0.5, false)); // not training: the identity: → tensor([1., 1., 1.])
 * ```
 */
export function dropout(
  x: Tensor,
  p = 0.5,
  training = true,
  generator: Generator = globalGenerator,
): Tensor {
  const t = asFloat('dropout', x);
  checkP('dropout', p);
  if (!training || p === 0) return t;
  return applyMask('dropout', t, mask(t.shape, t.size, p, generator, t));
}

/**
 * Zeroes whole channels of x: [N, C, H, W] (or [N, C, L]) with probability p in training; identity otherwise.
 */
export function dropout2d(
  x: Tensor,
  p = 0.5,
  training = true,
  generator: Generator = globalGenerator,
): Tensor {
  const t = asFloat('dropout2d', x);
  checkP('dropout2d', p);
  if (t.rank !== 4 && t.rank !== 3) {
    throw new Error(
      `dropout2d: input must be [N, C, H, W] or [N, C, L], got ${showShape(t.shape)}`,
    );
  }
  if (!training || p === 0) return t;
  const shape = [t.shape[0], t.shape[1], ...t.shape.slice(2).map(() => 1)];
  return applyMask('dropout2d', t, mask(shape, t.shape[0] * t.shape[1], p, generator, t));
}
