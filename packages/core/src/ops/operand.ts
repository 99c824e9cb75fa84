// Turning op operands (tensors or plain numbers) into tensors on one backend.
import { backendOf } from '../engine.js';
import { Tensor } from '../tensor.js';
import { constantLike, scalar } from './creation.js';
import { cast } from './unary.js';

/** A tensor, or a number that becomes a scalar of the other operand's dtype and backend. */
export type TensorLike = Tensor | number;

/**
 * Converts a pair of operands with PyTorch's type promotion: int32 with a float32 tensor or with a
 * non-integer number gives float32 (the int32 side is cast); int32 with int32 or an integer stays
 * int32; a number takes the other operand's dtype and backend.
 */
export function operands(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  if (a instanceof Tensor && b instanceof Tensor) {
    backendOf(op, [a, b]);
    if (a.dtype !== b.dtype) return [cast(a, 'float32'), cast(b, 'float32')];
    return [a, b];
  }
  if (a instanceof Tensor) {
    const v = asNumber(op, b);
    const x = promoteFor(a, v);
    return [x, constantLike(v, x)];
  }
  if (b instanceof Tensor) {
    const v = asNumber(op, a);
    const y = promoteFor(b, v);
    return [constantLike(v, y), y];
  }
  return [scalar(asNumber(op, a)), scalar(asNumber(op, b))];
}

/** An int32 tensor meeting a non-integer number (0.5, NaN, ±Infinity) becomes float32, as in PyTorch. */
function promoteFor(t: Tensor, v: number): Tensor {
  return t.dtype === 'int32' && !Number.isInteger(v) ? cast(t, 'float32') : t;
}

/** Checks a tensor argument is a live tensor. */
export function asTensor(op: string, x: unknown, name = 'input'): Tensor {
  if (!(x instanceof Tensor))
    throw new Error(`${op}: ${name} must be a Tensor, got ${describe(x)}`);
  x.assertAlive(op);
  return x;
}

/** Checks a tensor is float32 (ops that need real numbers). */
export function asFloat(op: string, x: unknown, name = 'input'): Tensor {
  const t = asTensor(op, x, name);
  if (t.dtype !== 'float32') throw new Error(`${op}: ${name} must be float32, got ${t.dtype}`);
  return t;
}

function asNumber(op: string, v: unknown): number {
  if (typeof v !== 'number')
    throw new Error(`${op}: operand must be a Tensor or a number, got ${describe(v)}`);
  return v;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array (wrap it with tensor())';
  return typeof v;
}
