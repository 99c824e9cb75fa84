// MaxPool2D's 2×2 / stride-2 SIMD path (four windows per step, then a scalar tail) against a direct
// loop, with ties (first maximum wins, as PyTorch) and NaNs (which win): the conformance suite's
// halving cases are too narrow to reach the SIMD path.
import { Generator, pool2dInfo, tensor } from '@digitnet/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createWasmBackend } from '../src/index.js';

const backend = createWasmBackend('wasm-pool-test');
const SEED = 7;

for (const shape of [
  [2, 3, 28, 28],
  [1, 2, 14, 15],
  [1, 1, 9, 17],
  [3, 1, 2, 8],
]) {
  test(`MaxPool2D 2×2 / 2 on ${shape.join('x')}, with ties and NaNs`, () => {
    const [n, c, h, w] = shape;
    const gen = new Generator(SEED + h * w);
    // Small integers tie often; a few NaNs must propagate.
    const x = new Float32Array(n * c * h * w);
    for (let i = 0; i < x.length; i++) x[i] = gen.int(4) - 2;
    for (let i = 0; i < x.length; i += 29) x[i] = Number.NaN;
    const pool = pool2dInfo('maxPool2d', shape, { kernelSize: 2 });
    const [y, indices] = backend.kernels.MaxPool2D(backend, { x: tensor(x, shape) }, { pool });
    const got = backend.floats(y);
    const gotIndex = backend.data(indices);
    const oh = Math.floor(h / 2);
    const ow = Math.floor(w / 2);
    assert.equal(y.shape, [n, c, oh, ow]);
    let o = 0;
    for (let plane = 0; plane < n * c; plane++) {
      for (let i = 0; i < oh; i++) {
        for (let j = 0; j < ow; j++, o++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (const [di, dj] of [
            [0, 0],
            [0, 1],
            [1, 0],
            [1, 1],
          ]) {
            const index = (2 * i + di) * w + 2 * j + dj;
            const v = x[plane * h * w + index];
            if (at < 0 || v > best || Number.isNaN(v)) {
              best = v;
              at = index;
            }
          }
          const where = `plane ${plane}, output (${i}, ${j}) (seed ${SEED})`;
          assert.is(
            gotIndex[o],
            at,
            `index at ${where}: got ${gotIndex[o]} (${got[o]}), want ${at} (${best}); window ${[0, 1, w, w + 1].map((d) => x[plane * h * w + 2 * i * w + 2 * j + d])}`,
          );
          assert.ok(Object.is(got[o], best), `value at ${where}: got ${got[o]}, want ${best}`);
        }
      }
    }
  });
}

test.run();
