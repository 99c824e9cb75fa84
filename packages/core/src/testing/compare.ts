// Comparing a float32 backend result with the float64 reference: |a − b| <= atol + rtol·|b|,
// failures naming the backend, the case, its seed and the worst element.
import type { Tensor } from '../index.js';
import { type Nd, unravel } from './reference.js';

/** An elementwise tolerance; `why` says why a case loosens the default. */
export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
  readonly why?: string;
}

/** Forward results: float32 rounding of a few operations on values of order 1. */
export const FORWARD_TOL: Tolerance = { rtol: 1e-4, atol: 1e-5 };

/**
 * Gradients: the same as forward results. Float64 central differences are accurate to ~1e-9, so
 * only the backend's float32 backward differs; cases whose backward cancels loosen it with a reason.
 */
export const GRAD_TOL: Tolerance = { rtol: 1e-4, atol: 1e-5 };

/** Where a check runs, for failure messages. */
export interface CheckContext {
  readonly backend: string;
  readonly name: string;
  readonly seed: number;
}

/** Throws an error that names the backend, the case and its seed. */
export function fail(ctx: CheckContext, message: string): never {
  throw new Error(`[${ctx.backend}] ${ctx.name} (seed ${ctx.seed}): ${message}`);
}

const show = (shape: readonly number[]) => `[${shape.join(', ')}]`;

function sameValue(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/**
 * Checks values within tolerance, reporting the worst element (int32 results must be exact).
 * `positions` restricts the check to some flat positions (gradients sampled from a large input).
 */
export function assertClose(
  ctx: CheckContext,
  what: string,
  got: ArrayLike<number>,
  want: Nd,
  tol: Tolerance,
  positions?: readonly number[],
): void {
  if (got.length !== want.data.length) {
    fail(ctx, `${what}: ${got.length} values, expected ${want.data.length}`);
  }
  const exact = want.dtype === 'int32';
  const checked = positions ?? Array.from({ length: got.length }, (_, i) => i);
  let bad = 0;
  let worst = -1;
  let worstExcess = -Infinity;
  for (const i of checked) {
    const a = got[i];
    const b = want.data[i];
    if (sameValue(a, b)) continue;
    const limit = exact ? 0 : tol.atol + tol.rtol * Math.abs(b);
    const excess = Number.isFinite(a - b) ? Math.abs(a - b) - limit : Infinity;
    if (excess > 0 || Number.isNaN(excess)) {
      bad++;
      if (!(excess <= worstExcess)) {
        worstExcess = excess;
        worst = i;
      }
    }
  }
  if (bad === 0) return;
  const a = got[worst];
  const b = want.data[worst];
  const rule = exact ? 'exactly equal' : `|a-b| <= ${tol.atol} + ${tol.rtol}·|b|`;
  fail(
    ctx,
    `${what} ${show(want.shape)}: ${bad} of ${checked.length} checked values are not ${rule}; worst at ` +
      `${show(unravel(worst, want.shape))}: got ${a}, expected ${b} (|diff| ${Math.abs(a - b)})`,
  );
}

/** Checks a tensor's shape, dtype and values against a reference array. */
export function assertTensor(
  ctx: CheckContext,
  what: string,
  t: Tensor,
  want: Nd,
  tol: Tolerance,
): void {
  if (t.shape.join() !== want.shape.join() || t.shape.length !== want.shape.length) {
    fail(ctx, `${what}: shape ${show(t.shape)}, expected ${show(want.shape)}`);
  }
  if (t.dtype !== want.dtype) fail(ctx, `${what}: dtype ${t.dtype}, expected ${want.dtype}`);
  assertClose(ctx, what, t.dataSync(), want, tol);
}
