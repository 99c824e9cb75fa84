// The wasm GEMM and convolutions against plain float64 loops, on odd sizes: blocked GEMMs break at
// edge tiles (M % 4, N % 8) and at block boundaries (MC = 128, KC = 256, NC = 2048).
import { type Conv2DOptions, conv2dInfo, Generator, tensor } from '@digitnet/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createWasmBackend } from '../src/index.js';

const backend = createWasmBackend('wasm-gemm-test');
const SEED = 20261202;

function randoms(gen: Generator, size: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = gen.uniform(-1, 1);
  return out;
}

/** Largest |got − want| relative to the scale of the sums (Σ|a||b| along k). */
function check(got: Float32Array, want: Float64Array, scale: Float64Array, what: string): void {
  assert.is(got.length, want.length, `${what}: length`);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]) / (scale[i] + 1e-30);
    if (!(err <= worst)) {
      worst = err;
      at = i;
    }
  }
  // float32 sums of k terms: error bounded by ~k·2^-24·Σ|a||b|; 1e-5 allows k up to a few hundred
  // with room, and any wrong or missing term (an edge-tile bug) is off by O(1).
  if (!(worst < 1e-5)) {
    assert.unreachable(
      `${what}: relative error ${worst} at ${at}: got ${got[at]}, want ${want[at]} (seed ${SEED})`,
    );
  }
}

const cases: [number, number, number][] = [
  [1, 1, 1],
  [7, 13, 5],
  [4, 8, 1],
  [5, 9, 3],
  [3, 17, 300],
  [100, 800, 37],
  [130, 2051, 9],
  [33, 21, 513],
];

for (const [m, n, k] of cases) {
  for (const transposeA of [false, true]) {
    for (const transposeB of [false, true]) {
      const name = `MatMul ${m}x${k} · ${k}x${n}${transposeA ? ', Aᵀ' : ''}${transposeB ? ', Bᵀ' : ''}`;
      test(name, () => {
        const gen = new Generator(SEED + m * 31 + n * 7 + k);
        const a = randoms(gen, m * k);
        const b = randoms(gen, k * n);
        const aAt = (i: number, p: number) => (transposeA ? a[p * m + i] : a[i * k + p]);
        const bAt = (p: number, j: number) => (transposeB ? b[j * k + p] : b[p * n + j]);
        const want = new Float64Array(m * n);
        const scale = new Float64Array(m * n);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let s = 0;
            let t = 0;
            for (let p = 0; p < k; p++) {
              s += aAt(i, p) * bAt(p, j);
              t += Math.abs(aAt(i, p) * bAt(p, j));
            }
            want[i * n + j] = s;
            scale[i * n + j] = t;
          }
        }
        const ta = tensor(a, transposeA ? [1, k, m] : [1, m, k]);
        const tb = tensor(b, transposeB ? [1, n, k] : [1, k, n]);
        const out = backend.kernels.MatMul(backend, { a: ta, b: tb }, { transposeA, transposeB });
        assert.equal(out.shape, [1, m, n]);
        check(backend.floats(out), want, scale, name);
        backend.dispose(out.dataId);
      });
    }
  }
}

test('MatMul broadcasts a batch of one against a batch of three', () => {
  const gen = new Generator(SEED);
  const [m, n, k] = [6, 10, 7];
  const a = randoms(gen, m * k);
  const b = randoms(gen, 3 * k * n);
  const out = backend.kernels.MatMul(
    backend,
    { a: tensor(a, [1, m, k]), b: tensor(b, [3, k, n]) },
    { transposeA: false, transposeB: false },
  );
  const got = backend.floats(out);
  const want = new Float64Array(3 * m * n);
  const scale = new Float64Array(3 * m * n);
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        for (let p = 0; p < k; p++) {
          const v = a[i * k + p] * b[s * k * n + p * n + j];
          want[(s * m + i) * n + j] += v;
          scale[(s * m + i) * n + j] += Math.abs(v);
        }
      }
    }
  }
  check(got, want, scale, 'batched MatMul');
});

// Convolutions through the table against direct float64 loops (no im2col, no GEMM).
const convCases: { x: number[]; w: number[]; opts: Conv2DOptions }[] = [
  { x: [2, 32, 14, 14], w: [64, 32, 3, 3], opts: { padding: 'same' } }, // the seed CNN's conv2
  { x: [3, 1, 28, 28], w: [16, 1, 3, 3], opts: { padding: 'same' } }, // its conv1 at F = 16
  {
    x: [2, 3, 11, 9],
    w: [5, 3, 4, 2],
    opts: { stride: [2, 3], padding: [1, 2], dilation: [2, 1] },
  },
  { x: [2, 6, 5, 7], w: [9, 6, 1, 1], opts: {} }, // pointwise: cols are x itself
];

for (const { x: xs, w: ws, opts } of convCases) {
  const c = conv2dInfo(xs, ws, opts);
  const label = `x ${xs.join('x')}, w ${ws.join('x')}, ${JSON.stringify(opts)}`;
  const gen = new Generator(SEED + xs[1] * 13 + ws[0]);
  const x = randoms(
    gen,
    xs.reduce((p, d) => p * d, 1),
  );
  const w = randoms(
    gen,
    ws.reduce((p, d) => p * d, 1),
  );
  const bias = randoms(gen, c.outChannels);
  const dy = randoms(gen, c.batch * c.outChannels * c.outHeight * c.outWidth);
  const xIdx = (n: number, ch: number, h: number, ww: number) =>
    ((n * c.inChannels + ch) * c.inHeight + h) * c.inWidth + ww;
  const yIdx = (n: number, o: number, h: number, ww: number) =>
    ((n * c.outChannels + o) * c.outHeight + h) * c.outWidth + ww;
  const wIdx = (o: number, ch: number, kh: number, kw: number) =>
    ((o * c.inChannels + ch) * c.kernelHeight + kh) * c.kernelWidth + kw;
  // Visits every (output pixel, weight, input pixel) triple the convolution multiplies.
  const each = (fn: (xi: number, wi: number, yi: number) => void) => {
    for (let n = 0; n < c.batch; n++)
      for (let o = 0; o < c.outChannels; o++)
        for (let oh = 0; oh < c.outHeight; oh++)
          for (let ow = 0; ow < c.outWidth; ow++)
            for (let ch = 0; ch < c.inChannels; ch++)
              for (let kh = 0; kh < c.kernelHeight; kh++)
                for (let kw = 0; kw < c.kernelWidth; kw++) {
                  const ih = oh * c.strideHeight - c.padTop + kh * c.dilationHeight;
                  const iw = ow * c.strideWidth - c.padLeft + kw * c.dilationWidth;
                  if (ih < 0 || ih >= c.inHeight || iw < 0 || iw >= c.inWidth) continue;
                  fn(xIdx(n, ch, ih, iw), wIdx(o, ch, kh, kw), yIdx(n, o, oh, ow));
                }
  };
  const inputs = {
    x: tensor(x, xs),
    w: tensor(w, ws),
    dy: tensor(dy, [c.batch, c.outChannels, c.outHeight, c.outWidth]),
  };

  test(`Conv2D with bias, ${label}`, () => {
    const want = new Float64Array(dy.length);
    const scale = new Float64Array(dy.length);
    each((xi, wi, yi) => {
      want[yi] += x[xi] * w[wi];
      scale[yi] += Math.abs(x[xi] * w[wi]);
    });
    for (let i = 0; i < want.length; i++) {
      const o = Math.floor(i / (c.outHeight * c.outWidth)) % c.outChannels;
      want[i] += bias[o];
      scale[i] += Math.abs(bias[o]);
    }
    const out = backend.kernels.Conv2D(
      backend,
      { x: inputs.x, w: inputs.w, bias: tensor(bias, [c.outChannels]) },
      { conv: c },
    );
    check(backend.floats(out), want, scale, `Conv2D ${label}`);
  });

  test(`Conv2DBackpropInput, ${label}`, () => {
    const want = new Float64Array(x.length);
    const scale = new Float64Array(x.length);
    each((xi, wi, yi) => {
      want[xi] += dy[yi] * w[wi];
      scale[xi] += Math.abs(dy[yi] * w[wi]);
    });
    const out = backend.kernels.Conv2DBackpropInput(
      backend,
      { dy: inputs.dy, w: inputs.w },
      { conv: c },
    );
    check(backend.floats(out), want, scale, `Conv2DBackpropInput ${label}`);
  });

  test(`Conv2DBackpropFilter, ${label}`, () => {
    const want = new Float64Array(w.length);
    const scale = new Float64Array(w.length);
    each((xi, wi, yi) => {
      want[wi] += dy[yi] * x[xi];
      scale[wi] += Math.abs(dy[yi] * x[xi]);
    });
    const out = backend.kernels.Conv2DBackpropFilter(
      backend,
      { x: inputs.x, dy: inputs.dy },
      { conv: c },
    );
    check(backend.floats(out), want, scale, `Conv2DBackpropFilter ${label}`);
  });
}

test.run();
