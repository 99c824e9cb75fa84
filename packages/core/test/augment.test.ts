// The canvas augmentations: each deterministic for a seed, inside the input's range, and the
// identity when its amount is 0; shapes checked on images made here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { data, Generator } from '../src/index.js';

const { affine, elasticField, randomAffine, strokeThickness } = data;
const N = 28;

/** A 28x28 image in [0, 1]: a vertical bar 3 px wide at x 12–14, rows 6–21, plus a faint dot. */
function bar(): Float32Array {
  const img = new Float32Array(N * N);
  for (let y = 6; y < 22; y++) for (let x = 12; x < 15; x++) img[y * N + x] = 1;
  img[3 * N + 3] = 0.4;
  return img;
}

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);

/** Every part on its own, at a strength that changes the image, and all of them together. */
const PARTS: Record<string, data.AugmentOptions> = {
  rotation: { degrees: 20, translate: 0 },
  translation: { degrees: 0, translate: 0.2 },
  scale: { degrees: 0, translate: 0, scale: 0.3 },
  shear: { degrees: 0, translate: 0, shear: 30 },
  thickness: { degrees: 0, translate: 0, thickness: 1 },
  elastic: { degrees: 0, translate: 0, elastic: 3 },
  all: { degrees: 10, translate: 0.1, scale: 0.2, shear: 15, thickness: 0.8, elastic: 2 },
};

for (const [name, opts] of Object.entries(PARTS)) {
  test(`randomAffine ${name}: same seed same image, another seed another, range kept`, () => {
    const src = bar();
    const run = (seed: number) => {
      const out = new Float32Array(N * N);
      randomAffine(src, out, N, N, new Generator(seed), opts);
      return out;
    };
    const a = run(5);
    assert.equal(Array.from(run(5)), Array.from(a));
    // Some seed among a few changes the image (one draw can land near 0).
    const others = [6, 7, 8].map(run);
    assert.ok(
      others.some((o) => o.some((v, i) => Math.abs(v - a[i]) > 1e-3)),
      `${name}: every seed gave the same image`,
    );
    for (const o of [a, ...others]) {
      for (const v of o) assert.ok(v >= 0 && v <= 1 + 1e-6, `${name}: value ${v} out of [0, 1]`);
    }
    assert.ok(
      a.some((v, i) => Math.abs(v - src[i]) > 1e-3),
      `${name}: image unchanged`,
    );
  });
}

test('randomAffine with every amount 0 is the identity, for any seed', () => {
  const src = bar();
  const zero = { degrees: 0, translate: 0, scale: 0, shear: 0, thickness: 0, elastic: 0 };
  for (const seed of [1, 2, 3]) {
    const out = new Float32Array(N * N);
    randomAffine(src, out, N, N, new Generator(seed), zero);
    assert.equal(Array.from(out), Array.from(src));
  }
});

test("randomAffine with the seed's options draws as before: angle, tx, ty, nothing more", () => {
  const src = bar();
  const out = new Float32Array(N * N);
  const g = new Generator(11);
  randomAffine(src, out, N, N, g, {});
  const h = new Generator(11);
  const angle = (h.uniform(-10, 10) * Math.PI) / 180;
  const tx = Math.round(h.uniform(-0.1 * N, 0.1 * N));
  const ty = Math.round(h.uniform(-0.1 * N, 0.1 * N));
  const expected = new Float32Array(N * N);
  affine(src, expected, N, N, angle, tx, ty);
  assert.equal(Array.from(out), Array.from(expected));
  assert.is(g.nextUint32(), h.nextUint32());
});

test('affine shear: a vertical bar leans by tan(shear) px per row, ink kept', () => {
  const src = bar();
  const out = new Float32Array(N * N);
  affine(src, out, N, N, 0, 0, 0, 1, Math.atan(0.5));
  const cy = (N - 1) / 2;
  // Forward map x' = x + 0.5·(y − cy): each row's ink centre moves by half its offset from the middle.
  for (const y of [8, 13, 19]) {
    let mass = 0;
    let moment = 0;
    for (let x = 0; x < N; x++) {
      mass += out[y * N + x];
      moment += x * out[y * N + x];
    }
    assert.ok(Math.abs(moment / mass - (13 + 0.5 * (y - cy))) < 1e-3, `row ${y}`);
  }
  const bodyIn = sum(src) - 0.4;
  const bodyOut = sum(out.subarray(6 * N, 22 * N));
  assert.ok(Math.abs(bodyOut - bodyIn) < 1e-3, `ink ${bodyOut} vs ${bodyIn}`);
});

test('affine scale: halving the size quarters the ink, about the centre', () => {
  const src = new Float32Array(N * N);
  for (let y = 8; y < 20; y++) for (let x = 8; x < 20; x++) src[y * N + x] = 1;
  const out = new Float32Array(N * N);
  affine(src, out, N, N, 0, 0, 0, 0.5);
  assert.ok(Math.abs(sum(out) - sum(src) / 4) < 1, `ink ${sum(out)}`);
  assert.is(out[13 * N + 13], 1);
  assert.is(out[9 * N + 9], 0);
});

test('strokeThickness: 0 copies, ±1 grows or shrinks a 3 px bar by a pixel each side', () => {
  const src = bar();
  const out = new Float32Array(N * N);
  strokeThickness(src, out, N, N, 0);
  assert.equal(Array.from(out), Array.from(src));
  strokeThickness(src, out, N, N, 1);
  const row = (img: Float32Array, y: number) => Array.from(img.subarray(y * N + 10, y * N + 17));
  assert.equal(row(out, 12), [0, 1, 1, 1, 1, 1, 0]);
  strokeThickness(src, out, N, N, -1);
  assert.equal(row(out, 12), [0, 0, 0, 1, 0, 0, 0]);
  // A lone faint dot vanishes under erosion and spreads under dilation, never past its value.
  assert.is(out[3 * N + 3], 0);
  strokeThickness(src, out, N, N, 0.5);
  assert.ok(Math.abs(out[3 * N + 4] - 0.2) < 1e-6);
  assert.ok(Math.abs(row(out, 12)[1] - 0.5) < 1e-6);
  assert.throws(() => strokeThickness(src, out, N, N, 1.5), /t must be in \[-1, 1\], got 1.5/);
});

test('elasticField: 0 strength is no displacement; otherwise smooth, mean size at most alpha', () => {
  const zero = elasticField(N, N, new Generator(1), 0, 4);
  assert.ok(zero.every((v) => v === 0));
  for (const seed of [1, 2, 3, 4]) {
    const f = elasticField(N, N, new Generator(seed), 3, 4);
    let mean = 0;
    let jump = 0;
    for (let p = 0; p < N * N; p++) mean += Math.hypot(f[p], f[N * N + p]) / (N * N);
    // Neighbours differ far less than the field's size: it is smooth, not per-pixel noise.
    for (let p = 1; p < N * N; p++) if (p % N) jump += Math.abs(f[p] - f[p - 1]) / (N * N);
    assert.ok(mean <= 3 + 1e-4, `mean displacement ${mean}`);
    assert.ok(jump < 0.25 * Math.max(mean, 1e-3), `jump ${jump} vs mean ${mean}`);
    assert.equal(Array.from(elasticField(N, N, new Generator(seed), 3, 4)), Array.from(f));
  }
});

test.run();
