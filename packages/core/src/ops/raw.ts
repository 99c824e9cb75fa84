// Kernel calls without autograd, for use inside forwards and backwards.
import { runKernel } from '../engine.js';
import type { BinaryOp, UnaryOp } from '../kernels.js';
import { broadcastShapes } from '../shape/broadcast.js';
import type { Tensor } from '../tensor.js';
import { constantLike } from './creation.js';

/** op(x) elementwise. */
export function unary(op: UnaryOp, x: Tensor, alpha = 0): Tensor {
  return runKernel('Unary', { x }, { op, alpha });
}

/** op(a, b) with broadcasting (a number becomes a constant of the other's dtype). */
export function binary(
  op: BinaryOp,
  a: Tensor | number,
  b: Tensor | number,
  outShape?: readonly number[],
): Tensor {
  const x = typeof a === 'number' ? constantLike(a, b as Tensor) : a;
  const y = typeof b === 'number' ? constantLike(b, x) : b;
  return runKernel(
    'Binary',
    { a: x, b: y },
    { op, outShape: outShape ?? broadcastShapes(op, x.shape, y.shape) },
  );
}
