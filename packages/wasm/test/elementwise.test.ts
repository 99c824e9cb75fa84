// The elementwise SIMD kernels (Binary's arithmetic, Unary's relu and step, Reduce's sum, the fused
// AdamUpdate) against float64 loops on random inputs, with sizes that leave SIMD tails (not a
// multiple of 4) and the broadcasts training uses; other broadcasts must still be right (CPU path).
import { type BinaryOp, Generator, tensor } from '@digitnet/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createWasmBackend } from '../src/index.js';

const backend = createWasmBackend('wasm-elementwise-test');
const SEED = 11;

function random(n: number, seed: number): Float32Array {
  const gen = new Generator(seed);
  return Float32Array.from({ length: n }, () => gen.normal());
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Row-major strides of `shape` right-aligned to rank `rank`, 0 on broadcast axes. */
function strides(shape: readonly number[], out: readonly number[]): number[] {
  const rank = out.length;
  const s = new Array<number>(rank).fill(0);
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    const od = rank - shape.length + d;
    s[od] = shape[d] === 1 && out[od] !== 1 ? 0 : step;
    step *= shape[d];
  }
  return s;
}

const f64: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
};

const cases: [number[], number[], number[]][] = [
  [
    [3, 5, 7],
    [3, 5, 7],
    [3, 5, 7],
  ],
  [
    [2, 3, 9, 9],
    [1, 3, 1, 1],
    [2, 3, 9, 9],
  ],
  [
    [2, 3, 9, 9],
    [2, 3, 1, 1],
    [2, 3, 9, 9],
  ],
  [
    [2, 3, 5, 3],
    [3, 1, 1],
    [2, 3, 5, 3],
  ],
  [[7, 13], [13], [7, 13]],
  [[1, 5, 21], [21], [1, 5, 21]],
  [
    [2, 3, 1, 1],
    [2, 3, 9, 9],
    [2, 3, 9, 9],
  ],
  [[13], [7, 13], [7, 13]],
  [
    [4, 9, 5],
    [4, 1, 5],
    [4, 9, 5],
  ],
];

for (const [aShape, bShape, out] of cases) {
  for (const op of ['add', 'sub', 'mul', 'div'] as BinaryOp[]) {
    test(`Binary ${op}: [${aShape}] with [${bShape}] -> [${out}]`, () => {
      const av = random(size(aShape), SEED + size(aShape));
      const bv = random(size(bShape), SEED + 1 + size(bShape));
      const y = backend.kernels.Binary(
        backend,
        { a: tensor(av, aShape), b: tensor(bv, bShape) },
        { op, outShape: out },
      );
      assert.equal(y.shape, out);
      const got = backend.floats(y);
      const sa = strides(aShape, out);
      const sb = strides(bShape, out);
      const index = new Array<number>(out.length).fill(0);
      for (let o = 0; o < size(out); o++) {
        let ai = 0;
        let bi = 0;
        let rest = o;
        for (let d = out.length - 1; d >= 0; d--) {
          index[d] = rest % out[d];
          rest = Math.floor(rest / out[d]);
          ai += index[d] * sa[d];
          bi += index[d] * sb[d];
        }
        const want = Math.fround(f64[op](av[ai], bv[bi]));
        assert.ok(Object.is(got[o], want), `${op} at ${o} (${index}): got ${got[o]}, want ${want}`);
      }
    });
  }
}

for (const n of [3, 16, 17, 1003]) {
  test(`Unary relu and step on ${n} values, with NaN, ±0 and ±Infinity`, () => {
    const x = random(n, SEED + n);
    x[0] = Number.NaN;
    x[1] = -0;
    if (n > 4) {
      x[2] = Number.POSITIVE_INFINITY;
      x[3] = 0;
      x[4] = Number.NEGATIVE_INFINITY;
      x[n - 1] = Number.NaN;
    }
    const relu = backend.floats(
      backend.kernels.Unary(backend, { x: tensor(x, [n]) }, { op: 'relu', alpha: 0 }),
    );
    const step = backend.floats(
      backend.kernels.Unary(backend, { x: tensor(x, [n]) }, { op: 'step', alpha: 0 }),
    );
    for (let i = 0; i < n; i++) {
      const want = Number.isNaN(x[i]) ? Number.NaN : Math.max(x[i], 0);
      assert.ok(Object.is(relu[i], want), `relu(${x[i]}) at ${i}: got ${relu[i]}, want ${want}`);
      assert.is(step[i], x[i] > 0 ? 1 : 0, `step(${x[i]}) at ${i}`);
    }
  });
}

for (const [outer, r, inner] of [
  [6, 785, 1],
  [3, 3, 1],
  [1, 101, 35],
  [4, 7, 4],
  [2, 50, 3],
]) {
  test(`Reduce sum over [${outer}, ${r}, ${inner}]'s middle axis`, () => {
    // A large offset: float32 accumulation would lose digits that float64 keeps.
    const x = random(outer * r * inner, SEED + r).map((v) => v + 1000);
    const y = backend.kernels.Reduce(
      backend,
      { x: tensor(x, [outer, r, inner]) },
      { op: 'sum', outer, reduce: r, inner, outShape: [outer, inner] },
    );
    const got = backend.floats(y);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        let want = 0;
        for (let k = 0; k < r; k++) want += x[(o * r + k) * inner + i];
        const at = o * inner + i;
        assert.ok(
          Math.abs(got[at] - want) <= Math.abs(want) * 2 ** -23,
          `sum at (${o}, ${i}): got ${got[at]}, want ${want}`,
        );
      }
    }
  });
}

for (const [n, decoupled, weightDecay] of [
  [67, false, 0],
  [1001, false, 0.01],
  [130, true, 0.05],
] as const) {
  test(`AdamUpdate on ${n} values (${decoupled ? 'AdamW' : 'Adam'}, weight decay ${weightDecay})`, () => {
    const p = random(n, SEED + 1);
    const g = random(n, SEED + 2);
    const m = random(n, SEED + 3).map((v) => v * 0.1);
    const v = random(n, SEED + 4).map((x) => x * x * 0.01);
    const attrs = {
      lr: 0.01,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay,
      decoupled,
      step: 3,
    };
    const [p1, m1, v1] = backend.kernels.AdamUpdate(
      backend,
      { param: tensor(p, [n]), grad: tensor(g, [n]), m: tensor(m, [n]), v: tensor(v, [n]) },
      attrs,
    );
    const [gp, gm, gv] = [p1, m1, v1].map((t) => backend.floats(t));
    const bc1 = 1 - 0.9 ** 3;
    const bc2 = 1 - 0.999 ** 3;
    for (let i = 0; i < n; i++) {
      const gi = g[i] + (decoupled ? 0 : weightDecay) * p[i];
      const mi = 0.9 * m[i] + 0.1 * gi;
      const vi = 0.999 * v[i] + 0.001 * gi * gi;
      const pi =
        p[i] * (decoupled ? 1 - 0.01 * weightDecay : 1) -
        ((0.01 / bc1) * mi) / (Math.sqrt(vi) / Math.sqrt(bc2) + 1e-8);
      const close = (got: number, want: number) =>
        Math.abs(got - want) <= Math.abs(want) * 2 ** -23 + 1e-12;
      assert.ok(close(gm[i], mi), `m at ${i}: got ${gm[i]}, want ${mi}`);
      assert.ok(close(gv[i], vi), `v at ${i}: got ${gv[i]}, want ${vi}`);
      assert.ok(close(gp[i], pi), `param at ${i}: got ${gp[i]}, want ${pi}`);
    }
  });
}

test.run();
