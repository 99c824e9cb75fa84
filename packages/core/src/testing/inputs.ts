// Seeded inputs: values drawn by kind from the engine's Generator, rounded to float32 once so the
// backend and the float64 reference see exactly the same numbers.
import { type Tensor, tensor } from '../index.js';
import type { Generator } from '../random.js';
import type { InputKind } from './define.js';
import { type Nd, nd, numel } from './reference.js';

/** A stable 32-bit seed from a case name (FNV-1a), so inserting a case reseeds no other. */
export function seedOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Draws float32-exact values of `kind` (labels below `classes`). */
export function draw(g: Generator, shape: readonly number[], kind: InputKind, classes = 2): Nd {
  const n = numel(shape);
  const out = new Float64Array(n);
  if (kind === 'distinct') {
    // A shuffled ladder with steps of 1/n, jittered by at most a quarter step: no near-ties.
    const perm = g.permutation(n);
    for (let i = 0; i < n; i++) out[i] = Math.fround(((perm[i] + 0.25 * g.random()) / n) * 4 - 2);
    return nd(shape, out);
  }
  for (let i = 0; i < n; i++) {
    let v: number;
    switch (kind) {
      case 'normal':
        v = g.normal();
        break;
      case 'positive':
        v = g.uniform(0.5, 2);
        break;
      case 'nonzero':
        v = (g.random() < 0.5 ? -1 : 1) * g.uniform(0.1, 1.5);
        break;
      case 'coarse':
        v = g.int(5) - 2;
        break;
      case 'wide':
        v = g.uniform(-20, 20);
        break;
      case 'int':
        v = g.int(11) - 5;
        break;
      case 'labels':
        v = g.int(classes);
        break;
      case 'mask':
        v = g.random() < 0.5 ? 0 : 1;
        break;
      case 'unit':
        v = g.uniform(0.05, 0.95);
        break;
    }
    out[i] = Math.fround(v);
  }
  return nd(shape, out, kind === 'int' || kind === 'labels' ? 'int32' : 'float32');
}

/** The engine tensor holding x's values (float32 or int32) on the current backend. */
export function toTensor(x: Nd, requiresGrad = false): Tensor {
  const values = x.dtype === 'int32' ? Int32Array.from(x.data) : Float32Array.from(x.data);
  return tensor(values, x.shape, { dtype: x.dtype, requiresGrad });
}
