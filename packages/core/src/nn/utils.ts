// nn.utils: gradient clipping, as torch.nn.utils.
import { noGrad } from '../autograd.js';
import { tidy } from '../memory.js';
import { add, div, maximum, minimum, mul } from '../ops/arithmetic.js';
import { scalar } from '../ops/creation.js';
import { max, sum } from '../ops/reduce.js';
import { abs, sqrt, square } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';

/** Options of clipGradNorm. */
export interface ClipGradNormOptions {
  /** The p of the p-norm: 2 by default, Infinity for the largest absolute value. */
  normType?: number;
}

/**
 * Scales the gradients of `params` in place so that their total norm (over all of them, as one
 * vector) is at most maxNorm, as torch.nn.utils.clip_grad_norm_. Returns the total norm before
 * clipping (a scalar tensor, on the gradients' backend; the caller disposes it). Parameters
 * without a gradient are skipped. The scaling stays on the device (no read-back).
 * @example
 * ```ts
 * const w = tensor([3, 4]).requiresGrad_();
 * w.mul(w.detach()).sum().backward(); // grad = [3, 4], norm 5
 * const norm = nn.utils.clipGradNorm([w], 1.0);
 * console.log(norm.item(), w.grad); // → 5 tensor([0.6000, 0.8000])
 * ```
 */
export function clipGradNorm(
  params: Iterable<Tensor>,
  maxNorm: number,
  opts: ClipGradNormOptions = {},
): Tensor {
  const p = opts.normType ?? 2;
  if (!(maxNorm >= 0)) throw new Error(`clipGradNorm: maxNorm must be >= 0, got ${maxNorm}`);
  if (!(p > 0)) throw new Error(`clipGradNorm: normType must be > 0 or Infinity, got ${p}`);
  const grads = [...params].map((t) => t.grad).filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return scalar(0);
  return noGrad(() =>
    tidy(() => {
      let total: Tensor;
      if (p === Number.POSITIVE_INFINITY) {
        total = grads.map((g) => max(abs(g))).reduce((a, b) => maximum(a, b));
      } else if (p === 2) {
        total = sqrt(grads.map((g) => sum(square(g))).reduce((a, b) => add(a, b)));
      } else {
        const powSum = grads.map((g) => sum(abs(g).pow(p))).reduce((a, b) => add(a, b));
        total = powSum.pow(1 / p);
      }
      // PyTorch's coefficient: maxNorm / (total + 1e-6), clamped at 1, applied to every gradient.
      const coef = minimum(div(maxNorm, add(total, 1e-6)), 1);
      for (const g of grads) g.assignFrom(mul(g, coef));
      return total;
    }),
  );
}
