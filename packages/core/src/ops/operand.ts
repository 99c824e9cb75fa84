// Turning op operands (tensors or plain numbers) into tensors on one backend.
import { backendOf } from '../engine.js';
import { Tensor } from '../tensor.js';
import { constantLike, scalar } from './creation.js';

/** A tensor, or a number that becomes a scalar of the other operand's dtype and backend. */
export type TensorLike = Tensor | number;

/** Converts a pair of operands, checking dtypes agree. */
export function operands(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  if (a instanceof Tensor && b instanceof Tensor) {
    backendOf(op, [a, b]);
    if (a.dtype !== b.dtype) {
      throw new Error(
        `${op}: operands have different dtypes (${a.dtype} and ${b.dtype}); cast one with .cast()`,
      );
    }
    return [a, b];
  }
  if (a instanceof Tensor) return [a, constantLike(asNumber(op, b), a)];
  if (b instanceof Tensor) return [constantLike(asNumber(op, a), b), b];
  return [scalar(asNumber(op, a)), scalar(asNumber(op, b))];
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
