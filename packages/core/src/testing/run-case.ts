// The one helper every op case runs through: seeded inputs, the engine op on the backend against
// the float64 reference, then the gradient check — all read from the case's declaration.
import { type Tensor, tidy } from '../index.js';
import { Generator } from '../random.js';
import { assertTensor, type CheckContext, FORWARD_TOL, fail, GRAD_TOL } from './compare.js';
import type { OpCase } from './define.js';
import { gradcheck } from './gradcheck.js';
import type { SuiteEnv } from './harness.js';
import { draw, seedOf, toTensor } from './inputs.js';
import type { Nd } from './reference.js';

const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

/** Draws the case's inputs: kinds from the row, else the declaration's. */
export function caseInputs(c: OpCase, g: Generator): Nd[] {
  const { decl } = c;
  return c.shapes.map((shape, i) => {
    const kind = c.kinds?.[i] ?? decl.inputs?.[i] ?? 'normal';
    if (kind !== 'labels') return draw(g, shape, kind);
    if (!decl.labels)
      throw new Error(`conformance: op ${c.op} draws labels but declares no labels()`);
    return draw(g, shape, kind, decl.labels(c.shapes, c.attrs));
  });
}

/** Runs one op case on env's backend (already current); throws on the first mismatch. */
export function runCase(env: SuiteEnv, c: OpCase): void {
  const seed = seedOf(c.name);
  const ctx: CheckContext = { backend: env.backendName, name: c.name, seed };
  const g = new Generator(seed);
  const { decl } = c;
  const values = caseInputs(c, g);
  const checkGrad = decl.grad && c.grad !== false;
  const leaves = values.map((v, i) =>
    toTensor(v, checkGrad && v.dtype === 'float32' && !decl.noGrad?.includes(i)),
  );
  // The forward's intermediates are freed as soon as it returns: a backward must read only what
  // its graph node saved (and owns), never a tensor captured from the forward.
  const outs = tidy(() => list<Tensor>(decl.engine(leaves, c.attrs)));
  const wants = list<Nd>(decl.reference(values, c.attrs));
  if (outs.length !== wants.length) {
    fail(ctx, `${outs.length} outputs, the reference has ${wants.length}`);
  }
  for (let i = 0; i < outs.length; i++) {
    const what = outs.length > 1 ? `output ${i}` : 'output';
    assertTensor(ctx, what, outs[i], wants[i], c.tol ?? FORWARD_TOL);
  }
  if (!checkGrad || !leaves.some((t) => t.requiresGrad)) return;
  if (!outs[0].requiresGrad) {
    fail(ctx, 'the output does not require gradients although an input does');
  }
  env.stats.gradChecks += gradcheck(ctx, g, {
    out: outs[0],
    leaves: leaves.map((t) => (t.requiresGrad ? t : null)),
    values,
    ref: (xs) => list<Nd>(decl.reference(xs, c.attrs))[0],
    tol: c.gradTol ?? GRAD_TOL,
    disposeOutput: !leaves.includes(outs[0]),
  });
}
