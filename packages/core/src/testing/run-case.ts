// The one helper every op case runs through: seeded inputs, the engine op on the backend against
// the float64 reference, then the gradient check.
import type { Tensor } from '../index.js';
import { Generator } from '../random.js';
import type { CaseOf } from './cases.js';
import { assertTensor, type CheckContext, FORWARD_TOL, fail, GRAD_TOL } from './compare.js';
import { engineOps } from './engine-ops.js';
import { gradcheck } from './gradcheck.js';
import type { SuiteEnv } from './harness.js';
import { draw, seedOf, toTensor } from './inputs.js';
import { labelClasses, OP_INFO, type OpName } from './op-specs.js';
import { type Nd, referenceOps } from './reference.js';

const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

/** Draws the case's inputs: kinds from the row, else the op's defaults. */
export function caseInputs<K extends OpName>(c: CaseOf<K>, g: Generator): Nd[] {
  const info = OP_INFO[c.op];
  return c.shapes.map((shape, i) => {
    const kind = c.kinds?.[i] ?? info.kinds[i] ?? 'normal';
    return draw(
      g,
      shape,
      kind,
      kind === 'labels' ? labelClasses(c.op, c.shapes, c.attrs) : undefined,
    );
  });
}

/** Runs one op case on env's backend (already current); throws on the first mismatch. */
export function runCase<K extends OpName>(env: SuiteEnv, c: CaseOf<K>): void {
  const seed = seedOf(c.name);
  const ctx: CheckContext = { backend: env.backendName, name: c.name, seed };
  const g = new Generator(seed);
  const info = OP_INFO[c.op];
  const values = caseInputs(c, g);
  const checkGrad = info.differentiable && c.grad !== false;
  const leaves = values.map((v, i) =>
    toTensor(v, checkGrad && v.dtype === 'float32' && !info.noGrad?.includes(i)),
  );
  const reference = referenceOps[c.op];
  const outs = list<Tensor>(engineOps[c.op](leaves, c.attrs));
  const wants = list<Nd>(reference(values, c.attrs));
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
    ref: (xs) => list<Nd>(reference(xs, c.attrs))[0],
    tol: c.gradTol ?? GRAD_TOL,
  });
}
