// models.digitModelOutputs and predictDigit: the activations of the one forward pass (conv blocks
// averaged over positions, fc1 after ReLU) against a float64 reference written here, and the
// not-a-digit score they judge with.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { data, Generator, models, type Tensor, tensor } from '../src/index.js';

const SEED = 716;
const F = 2;

/** A tiny mnistCnn (F=2) in eval mode with seeded weights and batch-norm statistics that matter. */
function tinyModel(): models.MnistCnn {
  const g = new Generator(SEED);
  const model = models.mnistCnn({ factor: F }, { generator: g });
  const dict: Record<string, Tensor> = {};
  for (const [key, t] of Object.entries(model.stateDict())) {
    if (/running_mean|bn\d\.bias/.test(key)) {
      dict[key] = tensor(
        Float32Array.from({ length: t.size }, () => 0.3 * g.normal()),
        t.shape,
      );
    } else if (/running_var|bn\d\.weight/.test(key)) {
      dict[key] = tensor(
        Float32Array.from({ length: t.size }, () => 0.5 + g.random()),
        t.shape,
      );
    } else dict[key] = t;
  }
  model.loadStateDict(dict);
  return model.eval();
}

/** The activations of one normalised 28x28 image, in float64, from the state dict. */
function activationsReference(
  model: models.MnistCnn,
  x: Float64Array,
): Record<'conv1' | 'conv2' | 'fc1', Float64Array> {
  const sd = Object.fromEntries(
    Object.entries(model.stateDict()).map(([k, t]) => [k, Float64Array.from(t.dataSync())]),
  );
  // conv 3x3 'same' (zero padding 1) -> batch norm (eval, eps 1e-5) -> ReLU -> max-pool 2.
  const block = (input: Float64Array, cin: number, cout: number, size: number, n: 1 | 2) => {
    const w = sd[`conv${n}.weight`];
    const out = new Float64Array(cout * (size / 2) * (size / 2)).fill(-Infinity);
    for (let o = 0; o < cout; o++) {
      const scale = sd[`bn${n}.weight`][o] / Math.sqrt(sd[`bn${n}.running_var`][o] + 1e-5);
      for (let y = 0; y < size; y++) {
        for (let xx = 0; xx < size; xx++) {
          let s = sd[`conv${n}.bias`][o];
          for (let c = 0; c < cin; c++) {
            for (let ky = 0; ky < 3; ky++) {
              for (let kx = 0; kx < 3; kx++) {
                const iy = y + ky - 1;
                const ix = xx + kx - 1;
                if (iy < 0 || ix < 0 || iy >= size || ix >= size) continue;
                s += w[((o * cin + c) * 3 + ky) * 3 + kx] * input[(c * size + iy) * size + ix];
              }
            }
          }
          const v = Math.max(0, (s - sd[`bn${n}.running_mean`][o]) * scale + sd[`bn${n}.bias`][o]);
          const at = (o * (size / 2) + (y >> 1)) * (size / 2) + (xx >> 1);
          out[at] = Math.max(out[at], v);
        }
      }
    }
    return out;
  };
  const h1 = block(x, 1, F, 28, 1);
  const h2 = block(h1, F, 2 * F, 14, 2);
  const channelMeans = (h: Float64Array, c: number) =>
    Float64Array.from({ length: c }, (_, k) => {
      const n = h.length / c;
      return h.subarray(k * n, (k + 1) * n).reduce((a, v) => a + v, 0) / n;
    });
  const units = 4 * F;
  const hidden = new Float64Array(units);
  for (let o = 0; o < units; o++) {
    let s = sd['fc1.bias'][o];
    for (let i = 0; i < h2.length; i++) s += sd['fc1.weight'][o * h2.length + i] * h2[i];
    hidden[o] = Math.max(0, s);
  }
  return { conv1: channelMeans(h1, F), conv2: channelMeans(h2, 2 * F), fc1: hidden };
}

/** A seeded 28x28 drawing-like image: a few bright bars on black. */
function image(g: Generator): Uint8Array {
  const img = new Uint8Array(784);
  for (let b = 0; b < 3; b++) {
    const x0 = 4 + g.int(16);
    const y0 = 4 + g.int(16);
    for (let y = y0; y < y0 + 3 + g.int(6); y++)
      for (let x = x0; x < x0 + 2 + g.int(6); x++) img[y * 28 + x] = 128 + g.int(128);
  }
  return img;
}

test('digitModelOutputs: activations match a float64 reference, logits are forward’s', () => {
  const model = tinyModel();
  const g = new Generator(SEED + 1);
  const { mean, std } = data.MNIST_NORMALIZATION;
  for (let n = 0; n < 3; n++) {
    const pixels = image(g);
    const out = models.digitModelOutputs(model, pixels);
    const x = Float64Array.from(pixels, (p) => (p / 255 - mean) / std);
    const ref = activationsReference(model, x);
    for (const layer of data.ACTIVATION_LAYERS) {
      assert.is(out.activations[layer].length, ref[layer].length, layer);
      assert.ok(
        ref[layer].some((v) => v > 0),
        `seed ${SEED}: the reference ${layer} is all zeros`,
      );
      out.activations[layer].forEach((v, i) => {
        assert.ok(
          Math.abs(v - ref[layer][i]) <= 1e-4 * Math.max(1, Math.abs(ref[layer][i])),
          `seed ${SEED}, image ${n}: ${layer}[${i}] ${v}, float64 ${ref[layer][i]}`,
        );
      });
    }
    const logits = model.forward(tensor(Float32Array.from(x), [1, 1, 28, 28])).dataSync();
    assert.equal(out.logits, Array.from(logits), 'the same logits as forward');
  }
});

/** Seeded Gaussian statistics of width d whose precision is AᵀA, with A. */
function gaussian(g: Generator, d: number): { stats: data.GaussianStats; a: number[][] } {
  const a = Array.from({ length: d }, () => Array.from({ length: d }, () => g.normal()));
  const precision = Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => a.reduce((s, row) => s + row[i] * row[j], 0)),
  );
  const means = Array.from({ length: 10 }, () => Array.from({ length: d }, () => g.normal()));
  return { stats: { means, precision }, a };
}

test('activationFeatures: Mahalanobis distances, norm and cosine against float64 references', () => {
  const g = new Generator(SEED + 2);
  const layers = { conv1: gaussian(g, 3), conv2: gaussian(g, 4), fc1: gaussian(g, 5) };
  const stats = {
    conv1: layers.conv1.stats,
    conv2: layers.conv2.stats,
    fc1: layers.fc1.stats,
  };
  const acts = {
    conv1: Array.from({ length: 3 }, () => Math.abs(g.normal())),
    conv2: Array.from({ length: 4 }, () => Math.abs(g.normal())),
    fc1: Array.from({ length: 5 }, () => Math.abs(g.normal())),
  };
  // The distance as |A(h − μ)|, without the precision.
  const distance = (layer: keyof typeof layers) => {
    const { a, stats: st } = layers[layer];
    const h = acts[layer];
    return Math.min(
      ...st.means.map((mu) =>
        Math.hypot(...a.map((row) => row.reduce((s, v, j) => s + v * (h[j] - mu[j]), 0))),
      ),
    );
  };
  const h = acts.fc1;
  const cos = stats.fc1.means.map(
    (mu) => mu.reduce((s, v, j) => s + v * h[j], 0) / (Math.hypot(...mu) * Math.hypot(...h)),
  );
  const expected = [
    distance('conv1'),
    distance('conv2'),
    distance('fc1'),
    Math.hypot(...h),
    Math.max(...cos),
  ];
  const got = data.activationFeatures(acts, stats);
  assert.is(got.length, data.ACTIVATION_FEATURES.length);
  got.forEach((v, i) => {
    assert.ok(
      Math.abs(v - expected[i]) <= 1e-9 * Math.max(1, Math.abs(expected[i])),
      `seed ${SEED}: ${data.ACTIVATION_FEATURES[i]} ${v}, reference ${expected[i]}`,
    );
  });
  // At a class mean the distance is 0 and the cosine 1; all-zero activations have cosine 0.
  assert.ok(data.mahalanobis(stats.fc1.means[3], stats.fc1) < 1e-7);
  const atMean = data.activationFeatures({ ...acts, fc1: stats.fc1.means[3] }, stats);
  assert.ok(Math.abs(atMean[4] - 1) < 1e-12, `cosine at a mean ${atMean[4]}`);
  assert.is(data.activationFeatures({ ...acts, fc1: [0, 0, 0, 0, 0] }, stats)[4], 0);
  assert.throws(
    () => data.activationFeatures({ ...acts, conv2: [1, 2] }, stats),
    /activations have 2 values, the statistics 4/,
  );
});

/** A score over all twelve features for the tiny model, its statistics made up (seeded). */
function activationScore(g: Generator): data.NotADigitModel {
  const n = data.NOT_A_DIGIT_FEATURES.length + data.ACTIVATION_FEATURES.length;
  return {
    mean: Array.from({ length: n }, () => g.normal()),
    std: Array.from({ length: n }, () => 0.5 + g.random()),
    weights: Array.from({ length: n }, () => g.normal()),
    bias: 0.25,
    threshold: 0.5,
    activations: {
      conv1: gaussian(g, F).stats,
      conv2: gaussian(g, 2 * F).stats,
      fc1: gaussian(g, 4 * F).stats,
    },
  };
}

test('predictDigit judges with the score it is given: core’s constant by default, else the model’s', () => {
  const model = tinyModel();
  const g = new Generator(SEED + 3);
  const pixels = image(g);
  const { logits, activations } = models.digitModelOutputs(model, pixels);
  const byDefault = models.predictDigit(model, pixels);
  assert.is(byDefault.notADigitScore, data.notADigitScore(pixels, logits, data.NOT_A_DIGIT));
  assert.is(byDefault.likelyDigit, byDefault.notADigitScore < data.NOT_A_DIGIT.threshold);

  const score = activationScore(g);
  const withHidden = models.predictDigit(model, pixels, score);
  const features = [
    ...data.notADigitFeatures(pixels, logits),
    ...data.activationFeatures(activations, score.activations as data.ActivationStats),
  ];
  let z = score.bias;
  features.forEach((f, i) => {
    z += (score.weights[i] * (f - score.mean[i])) / score.std[i];
  });
  assert.ok(Math.abs(withHidden.notADigitScore - 1 / (1 + Math.exp(-z))) < 1e-12);
  assert.is(withHidden.likelyDigit, withHidden.notADigitScore < 0.5);
  assert.is.not(withHidden.notADigitScore, byDefault.notADigitScore);
  // A score with activation statistics needs the activations.
  assert.throws(() => data.notADigitScore(pixels, logits, score), /activations, none were given/);
});

test('parseNotADigitModel accepts a stored score and names what is wrong with a bad one', () => {
  const g = new Generator(SEED + 4);
  const good = JSON.parse(JSON.stringify(activationScore(g)));
  const widths = { conv1: F, conv2: 2 * F, fc1: 4 * F };
  const parsed = data.parseNotADigitModel(good, widths);
  assert.equal(parsed, good);
  assert.equal(data.parseNotADigitModel({ ...data.NOT_A_DIGIT }), { ...data.NOT_A_DIGIT });
  const named = { ...good, features: data.notADigitFeatureNames(good) };
  assert.equal(data.parseNotADigitModel(named).weights, good.weights);
  const fc1 = good.activations.fc1;
  const withFc1 = (stats: unknown) => ({
    ...good,
    activations: { ...good.activations, fc1: stats },
  });
  const bad: [unknown, RegExp, typeof widths?][] = [
    [null, /expected a JSON object, got object/],
    [[], /expected a JSON object, got an array/],
    [{ ...good, weights: good.weights.slice(1) }, /weights must be an array of 12 numbers, got 11/],
    [{ ...good, activations: undefined }, /mean must be an array of 7 numbers, got 12/],
    [{ ...good, bias: 'x' }, /bias\[0\] is x, not a finite number/],
    [{ ...good, std: good.std.map((s: number, i: number) => (i === 2 ? 0 : s)) }, /std\[2\] is 0/],
    [{ ...good, threshold: 1.5 }, /threshold is 1.5, expected in \(0, 1\]/],
    [{ ...good, features: ['maxProb'] }, /features are \[maxProb\], expected \[maxProb, margin/],
    [good, /fc1 statistics are for 8 values, this model's fc1 has 64/, { ...widths, fc1: 64 }],
    [{ ...good, activations: { conv1: fc1, conv2: fc1 } }, /fc1 must be an object/],
    [withFc1({ ...fc1, means: fc1.means.slice(1) }), /fc1.means must hold 10 class means/],
    [
      withFc1({
        ...fc1,
        precision: fc1.precision.map((r: number[], i: number) =>
          i === 1 ? r.map((v, j) => (j === 0 ? v + 0.5 : v)) : r,
        ),
      }),
      /fc1.precision is not symmetric: \[1\]\[0\] = /,
    ],
    [
      withFc1({ ...fc1, means: fc1.means.map(() => [Number.NaN]) }),
      /fc1.means\[0\] must be an array of 8 numbers, got 1 values/,
    ],
    [
      withFc1({ ...fc1, means: fc1.means.map((m: number[]) => m.map(() => null)) }),
      /fc1.means\[0\]\[0\] is null, not a finite number/,
    ],
  ];
  for (const [value, message, size] of bad) {
    assert.throws(() => data.parseNotADigitModel(value, size), message);
    assert.throws(() => data.parseNotADigitModel(value, size), /^not-a-digit score: /);
  }
});

test.run();
