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
  return record('exp', [t], out, [out], (dy, [out]) => [binary('mul', dy, out)]);
}

/** Natural logarithm. */
export function log(x: Tensor): Tensor {
  const t = asFloat('log', x);
  return record('log', [t], unary('log', t), [t], (dy, [t]) => [binary('div', dy, t)]);
}

/** Square root. */
export function sqrt(x: Tensor): Tensor {
  const t = asFloat('sqrt', x);
  const out = unary('sqrt', t);
  // d√x = 1 / (2√x)
  return record('sqrt', [t], out, [out], (dy, [out]) => [binary('div', dy, binary('mul', out, 2))]);
}

/** |x| (gradient 0 at 0, as in PyTorch). */
export function abs(x: Tensor): Tensor {
  const t = asTensor('abs', x);
  return record('abs', [t], unary('abs', t), [t], (dy, [t]) => [
    binary('mul', dy, unary('sign', t)),
  ]);
}

/** x², a cheaper pow(x, 2). */
export function square(x: Tensor): Tensor {
  const t = asTensor('square', x);
  return record('square', [t], unary('square', t), [t], (dy, [t]) => [
    binary('mul', dy, binary('mul', t, 2)),
  ]);
}

/** max(x, 0) (gradient 0 at 0, as in PyTorch). */
export function relu(x: Tensor): Tensor {
  const t = asFloat('relu', x);
  const out = unary('relu', t);
  return record('relu', [t], out, [out], (dy, [out]) => [binary('mul', dy, unary('step', out))]);
}

/** x for x > 0, alpha·x otherwise (PyTorch's default slope 0.01). */
export function leakyRelu(x: Tensor, alpha = 0.01): Tensor {
  const t = asFloat('leakyRelu', x);
  // Slope 1 where x > 0, alpha elsewhere: step(x)·(1 − alpha) + alpha.
  return record('leakyRelu', [t], unary('leakyRelu', t, alpha), [t], (dy, [t]) => {
    const slope = binary('add', binary('mul', unary('step', t), 1 - alpha), alpha);
    return [binary('mul', dy, slope)];
  });
}

/** 1 / (1 + e^-x) */
export function sigmoid(x: Tensor): Tensor {
  const t = asFloat('sigmoid', x);
  const out = unary('sigmoid', t);
  // σ' = σ(1 − σ)
  return record('sigmoid', [t], out, [out], (dy, [out]) => {
    const oneMinus = binary('sub', 1, out);
    return [binary('mul', dy, binary('mul', out, oneMinus))];
  });
}

/** Hyperbolic tangent. */
export function tanh(x: Tensor): Tensor {
  const t = asFloat('tanh', x);
  const out = unary('tanh', t);
  // tanh' = 1 − tanh²
  return record('tanh', [t], out, [out], (dy, [out]) => {
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

/** Sine (radians). */
export function sin(x: Tensor): Tensor {
  const t = asFloat('sin', x);
  return record('sin', [t], unary('sin', t), [t], (dy, [t]) => [
    binary('mul', dy, unary('cos', t)),
  ]);
}

/** Cosine (radians). */
export function cos(x: Tensor): Tensor {
  const t = asFloat('cos', x);
  return record('cos', [t], unary('cos', t), [t], (dy, [t]) => [
    binary('mul', dy, unary('neg', unary('sin', t))),
  ]);
}

/** The error function, as torch.erf. */
export function erf(x: Tensor): Tensor {
  const t = asFloat('erf', x);
  // erf'(x) = 2/√π · e^(−x²)
  return record('erf', [t], unary('erf', t), [t], (dy, [t]) => [
    binary(
      'mul',
      dy,
      binary('mul', unary('exp', unary('neg', unary('square', t))), 2 / Math.sqrt(Math.PI)),
    ),
  ]);
}

/** GELU, exactly as torch.nn.functional.gelu's default: x·Φ(x) = x/2 · (1 + erf(x/√2)). */
export function gelu(x: Tensor): Tensor {
  const t = asFloat('gelu', x);
  const cdf = binary('mul', binary('add', unary('erf', binary('mul', t, Math.SQRT1_2)), 1), 0.5);
  const out = binary('mul', t, cdf);
  // gelu'(x) = Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π)
  return record('gelu', [t], out, [t, cdf], (dy, [t, cdf]) => {
    const pdf = binary(
      'mul',
      unary('exp', binary('mul', unary('square', t), -0.5)),
      1 / Math.sqrt(2 * Math.PI),
    );
    return [binary('mul', dy, binary('add', cdf, binary('mul', t, pdf)))];
  });
}

/** SiLU (swish): x·σ(x). */
export function silu(x: Tensor): Tensor {
  const t = asFloat('silu', x);
  const s = unary('sigmoid', t);
  const out = binary('mul', t, s);
  // silu'(x) = σ(x)·(1 + x·(1 − σ(x)))
  return record('silu', [t], out, [t, s], (dy, [t, s]) => [
    binary('mul', dy, binary('mul', s, binary('add', binary('mul', t, binary('sub', 1, s)), 1))),
  ]);
}

/**
 * softplus(x) = log(1 + e^x), as torch.nn.functional.softplus (beta 1, threshold 20: x itself
 * above it). Computed as max(x, 0) + log(1 + e^−|x|), finite for any x.
 */
export function softplus(x: Tensor): Tensor {
  const t = asFloat('softplus', x);
  const smooth = binary(
    'add',
    unary('relu', t),
    unary('log', binary('add', unary('exp', unary('neg', unary('abs', t))), 1)),
  );
  const linear = binary('greater', t, 20);
  const out = runKernel('Where', { condition: linear, a: t, b: smooth }, {});
  // softplus'(x) = σ(x) (1 above the threshold, where σ(x) is 1 in float32 anyway)
  return record('softplus', [t], out, [t], (dy, [t]) => [binary('mul', dy, unary('sigmoid', t))]);
}

/**
 * Clamps x into [min, max] (either bound may be omitted), as torch.clamp. The gradient flows where
 * min ≤ x ≤ max, bounds included, as in PyTorch.
 */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  const t = asTensor('clamp', x);
  const lo = min ?? null;
  const hi = max ?? null;
  if (lo === null && hi === null) throw new Error('clamp: at least one of min and max is needed');
  if (t.dtype === 'int32' && [lo, hi].some((v) => v !== null && !Number.isInteger(v))) {
    return clamp(cast(t, 'float32'), lo, hi);
  }
  let out = t;
  if (lo !== null) out = binary('maximum', out, lo);
  if (hi !== null) {
    const next = binary('minimum', out, hi);
    if (out !== t) out.dispose();
    out = next;
  }
  if (out === t) out = binary('add', t, 0);
  return record('clamp', [t], out, [t], (dy, [t]) => {
    let pass = lo !== null ? binary('greaterEqual', t, lo) : null;
    if (hi !== null) {
      const below = binary('greaterEqual', hi, t);
      pass = pass ? binary('mul', pass, below) : below;
    }
    return [binary('mul', dy, pass as Tensor)];
  });
}
