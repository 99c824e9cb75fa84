// Elementwise functions of one tensor, each backward beside its forward.
import { record } from '../autograd.js';
import { runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { asFloat, asTensor } from './operand.js';
import { binary, unary } from './raw.js';

/** -x */
export function neg(x: Tensor): Tensor {
  const t = asTensor('neg', x);
  return record('neg', [t], unary('neg', t), [], (dy) => [unary('neg', dy)]);
}

/** e^x */
export function exp(x: Tensor): Tensor {
  const t = asFloat('exp', x);
  const out = unary('exp', t);
  return record('exp', [t], out, [out], (dy) => [binary('mul', dy, out)]);
}

/** Natural logarithm. */
export function log(x: Tensor): Tensor {
  const t = asFloat('log', x);
  return record('log', [t], unary('log', t), [t], (dy) => [binary('div', dy, t)]);
}

/** Square root. */
export function sqrt(x: Tensor): Tensor {
  const t = asFloat('sqrt', x);
  const out = unary('sqrt', t);
  // d√x = 1 / (2√x)
  return record('sqrt', [t], out, [out], (dy) => [binary('div', dy, binary('mul', out, 2))]);
}

/** |x| (gradient 0 at 0, as in PyTorch). */
export function abs(x: Tensor): Tensor {
  const t = asTensor('abs', x);
  return record('abs', [t], unary('abs', t), [t], (dy) => [binary('mul', dy, unary('sign', t))]);
}

/** x², a cheaper pow(x, 2). */
export function square(x: Tensor): Tensor {
  const t = asTensor('square', x);
  return record('square', [t], unary('square', t), [t], (dy) => [
    binary('mul', dy, binary('mul', t, 2)),
  ]);
}

/** max(x, 0) (gradient 0 at 0, as in PyTorch). */
export function relu(x: Tensor): Tensor {
  const t = asFloat('relu', x);
  const out = unary('relu', t);
  return record('relu', [t], out, [out], (dy) => [binary('mul', dy, unary('step', out))]);
}

/** x for x > 0, alpha·x otherwise (PyTorch's default slope 0.01). */
export function leakyRelu(x: Tensor, alpha = 0.01): Tensor {
  const t = asFloat('leakyRelu', x);
  // Slope 1 where x > 0, alpha elsewhere: step(x)·(1 − alpha) + alpha.
  return record('leakyRelu', [t], unary('leakyRelu', t, alpha), [t], (dy) => {
    const slope = binary('add', binary('mul', unary('step', t), 1 - alpha), alpha);
    return [binary('mul', dy, slope)];
  });
}

/** 1 / (1 + e^-x) */
export function sigmoid(x: Tensor): Tensor {
  const t = asFloat('sigmoid', x);
  const out = unary('sigmoid', t);
  // σ' = σ(1 − σ)
  return record('sigmoid', [t], out, [out], (dy) => {
    const oneMinus = binary('sub', 1, out);
    return [binary('mul', dy, binary('mul', out, oneMinus))];
  });
}

/** Hyperbolic tangent. */
export function tanh(x: Tensor): Tensor {
  const t = asFloat('tanh', x);
  const out = unary('tanh', t);
  // tanh' = 1 − tanh²
  return record('tanh', [t], out, [out], (dy) => {
    const oneMinus = binary('sub', 1, unary('square', out));
    return [binary('mul', dy, oneMinus)];
  });
}

/** −1, 0 or 1 by the sign of x (not differentiable). */
export function sign(x: Tensor): Tensor {
  return unary('sign', asTensor('sign', x));
}

/** Converts dtype (float32 ↔ int32, truncating towards zero). */
export function cast(x: Tensor, dtype: 'float32' | 'int32'): Tensor {
  const t = asTensor('cast', x);
  if (t.dtype === dtype) return t;
  return runKernel('Cast', { x: t }, { dtype });
}
