// Gradient checks: the backend's backward() of sum(out · R) against central differences of the
// float64 reference. R is a fixed seeded random tensor: a plain sum would hide permuted gradients.
import { mul, sum, type Tensor, tidy } from '../index.js';
import type { Generator } from '../random.js';
import { assertClose, type CheckContext, fail, type Tolerance } from './compare.js';
import { draw, toTensor } from './inputs.js';
import { type Nd, nd } from './reference.js';

/** Step of the central differences: float64 keeps (f(x+h) − f(x−h)) / 2h accurate to ~1e-9. */
export const FINITE_STEP = 1e-6;

/** Inputs larger than this get their gradient checked at this many sampled elements. */
export const MAX_CHECKED = 64;

// Σ (ref(x + h) − ref(x − h))·r, differencing each output before weighting: summing first
// would cancel large unrelated outputs (e^20 next to e^-20) and drown the change in rounding.
function weightedChange(up: Nd, down: Nd, r: Nd): number {
  let s = 0;
  for (let i = 0; i < up.data.length; i++) s += (up.data[i] - down.data[i]) * r.data[i];
  return s;
}

/** Flat positions to check: all of a small input, else a seeded sample that keeps both ends. */
export function samplePositions(g: Generator, n: number, max = MAX_CHECKED): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const perm = g.permutation(n);
  const picked = new Set<number>([0, n - 1]);
  for (let i = 0; picked.size < max; i++) picked.add(perm[i]);
  return [...picked].sort((a, b) => a - b);
}

/** d/dx_which Σ ref(xs)·r at `positions`, by central differences (other entries 0). */
export function numericGradient(
  ref: (xs: readonly Nd[]) => Nd,
  xs: readonly Nd[],
  which: number,
  r: Nd,
  positions: readonly number[],
  h = FINITE_STEP,
): Nd {
  const x = xs[which];
  const moved = nd(x.shape, x.data.slice());
  const args = xs.map((v, i) => (i === which ? moved : v));
  const grad = new Float64Array(x.data.length);
  for (const p of positions) {
    moved.data[p] = x.data[p] + h;
    const up = ref(args);
    moved.data[p] = x.data[p] - h;
    const down = ref(args);
    moved.data[p] = x.data[p];
    grad[p] = weightedChange(up, down, r) / (2 * h);
  }
  return nd(x.shape, grad);
}

/** One differentiable output and the leaves to check, with the reference that produced it. */
export interface GradcheckJob {
  readonly out: Tensor;
  /** Engine leaves, parallel to `values`; null where no gradient is checked. */
  readonly leaves: readonly (Tensor | null)[];
  readonly values: readonly Nd[];
  readonly ref: (xs: readonly Nd[]) => Nd;
  readonly tol: Tolerance;
  readonly names?: readonly string[];
  /** Dispose `out` before backward (it and its inputs are the caller's otherwise). */
  readonly disposeOutput?: boolean;
}

/**
 * Runs backward on sum(out · R) and compares every leaf's gradient with the reference's central
 * differences; disposes the gradients it made. Returns the number of inputs checked.
 */
export function gradcheck(ctx: CheckContext, g: Generator, job: GradcheckJob): number {
  const r = draw(g, job.out.shape, 'normal');
  const weighted = tidy(() => sum(mul(job.out, toTensor(r))));
  // Only the graph's nodes keep what backward reads: free the output (and, with it, whatever the
  // forward captured) before running it.
  if (job.disposeOutput) job.out.dispose();
  weighted.backward();
  let checked = 0;
  try {
    job.leaves.forEach((leaf, i) => {
      if (!leaf) return;
      const what = `gradient of ${job.names?.[i] ?? `input ${i}`}`;
      const grad = leaf.grad;
      if (!grad) fail(ctx, `${what}: backward() left no gradient`);
      if (grad.shape.join() !== leaf.shape.join()) {
        fail(ctx, `${what}: shape [${grad.shape.join(', ')}], expected [${leaf.shape.join(', ')}]`);
      }
      const positions = samplePositions(g, leaf.size);
      const want = numericGradient(job.ref, job.values, i, r, positions);
      assertClose(ctx, what, grad.dataSync(), want, job.tol, positions);
      checked++;
    });
  } finally {
    // Gradients are kept out of tidy() scopes (as in training), so they are freed by hand.
    for (const leaf of job.leaves) {
      leaf?.grad?.dispose();
      if (leaf) leaf.grad = null;
    }
  }
  return checked;
}
