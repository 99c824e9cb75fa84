// Broadcasting elementwise arithmetic and comparisons, each backward beside its forward.
import { record } from '../autograd.js';
import { broadcastedAxes, broadcastShapes } from '../shape/broadcast.js';
import { sameShape } from '../shape/shape.js';
import type { Tensor } from '../tensor.js';
import { operands, type TensorLike } from './operand.js';
import { binary, unary } from './raw.js';
import { sum } from './reduce.js';
import { reshape } from './reshape.js';
import { cast } from './unary.js';

/** Sums a broadcast gradient back down to `shape` (the reverse of broadcasting). */
export function unbroadcast(grad: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(grad.shape, shape)) return grad;
  const axes = broadcastedAxes(shape, grad.shape);
  const summed = axes.length > 0 ? sum(grad, axes, true) : grad;
  return reshape(summed, shape);
}

/** Broadcasts x to `shape` (a copy), like torch.Tensor.expand followed by contiguous(). */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  const target = broadcastShapes('broadcastTo', x.shape, shape);
  if (!sameShape(target, shape)) {
    throw new Error(
      `broadcastTo: shape [${x.shape.join(', ')}] cannot be broadcast to [${shape.join(', ')}]`,
    );
  }
  const out = binary('add', x, 0, shape);
  return record('broadcastTo', [x], out, [], (dy) => [unbroadcast(dy, x.shape)]);
}

/** a + b with broadcasting. */
export function add(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands('add', a, b);
  const out = binary('add', x, y);
  return record('add', [x, y], out, [], (dy) => [
    unbroadcast(dy, x.shape),
    unbroadcast(dy, y.shape),
  ]);
}

/** a - b with broadcasting. */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands('sub', a, b);
  const out = binary('sub', x, y);
  return record('sub', [x, y], out, [], (dy) => [
    unbroadcast(dy, x.shape),
    y.requiresGrad ? unbroadcast(unary('neg', dy), y.shape) : null,
  ]);
}

/** a * b with broadcasting. */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands('mul', a, b);
  const out = binary('mul', x, y);
  return record('mul', [x, y], out, [x, y], (dy, [x, y]) => [
    x.requiresGrad ? unbroadcast(binary('mul', dy, y), x.shape) : null,
    y.requiresGrad ? unbroadcast(binary('mul', dy, x), y.shape) : null,
  ]);
}

/** a / b with broadcasting; true division, so int32 operands give float32 (as torch.div). */
export function div(a: TensorLike, b: TensorLike): Tensor {
  const [ix, iy] = operands('div', a, b);
  const [x, y] = ix.dtype === 'int32' ? [cast(ix, 'float32'), cast(iy, 'float32')] : [ix, iy];
  const out = binary('div', x, y);
  // d(x/y)/dy = -x/y² = -out/y
  return record('div', [x, y], out, [y, out], (dy, [y, out]) => [
    x.requiresGrad ? unbroadcast(binary('div', dy, y), x.shape) : null,
    y.requiresGrad
      ? unbroadcast(unary('neg', binary('div', binary('mul', dy, out), y)), y.shape)
      : null,
  ]);
}

/** a ** b with broadcasting. */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands('pow', a, b);
  const out = binary('pow', x, y);
  return record('pow', [x, y], out, [x, y, out], (dy, [x, y, out]) => [
    // d(x^y)/dx = y·x^(y-1)
    x.requiresGrad
      ? unbroadcast(
          binary('mul', dy, binary('mul', y, binary('pow', x, binary('sub', y, 1)))),
          x.shape,
        )
      : null,
    // d(x^y)/dy = x^y·ln x
    y.requiresGrad
      ? unbroadcast(binary('mul', dy, binary('mul', out, unary('log', x))), y.shape)
      : null,
  ]);
}

function minMax(op: 'maximum' | 'minimum', a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands(op, a, b);
  const out = binary(op, x, y);
  // The winner takes the gradient; ties split it evenly, as PyTorch does.
  return record(op, [x, y], out, [x, y], (dy, [x, y]) => {
    const wins = op === 'maximum' ? binary('greater', x, y) : binary('greater', y, x);
    const ties = binary('equal', x, y);
    const half = binary('mul', ties, 0.5);
    const xShare = binary('add', wins, half);
    const yShare = binary('sub', 1, xShare);
    return [
      x.requiresGrad ? unbroadcast(binary('mul', dy, xShare), x.shape) : null,
      y.requiresGrad ? unbroadcast(binary('mul', dy, yShare), y.shape) : null,
    ];
  });
}

/** Elementwise maximum with broadcasting. */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return minMax('maximum', a, b);
}

/** Elementwise minimum with broadcasting. */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return minMax('minimum', a, b);
}

/** 1 where a == b, else 0 (float32; not differentiable). */
export function equal(a: TensorLike, b: TensorLike): Tensor {
  return binary('equal', ...operands('equal', a, b));
}

/** 1 where a > b, else 0 (float32; not differentiable). */
export function greater(a: TensorLike, b: TensorLike): Tensor {
  return binary('greater', ...operands('greater', a, b));
}

/** 1 where a >= b, else 0 (float32; not differentiable). */
export function greaterEqual(a: TensorLike, b: TensorLike): Tensor {
  return binary('greaterEqual', ...operands('greaterEqual', a, b));
}

/** 1 where a < b, else 0 (float32; not differentiable). */
export function less(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands('less', a, b);
  return binary('greater', y, x);
}

/** 1 where a <= b, else 0 (float32; not differentiable). */
export function lessEqual(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands('lessEqual', a, b);
  return binary('greaterEqual', y, x);
}
