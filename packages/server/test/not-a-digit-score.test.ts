// The not-a-digit score travels with the model: a score stored in the model file judges
// /api/predict (and GET /api/model says so); a file without one uses core's constant; a bad stored
// score is refused at load, naming what is wrong, and the served model keeps serving.
import { join } from 'node:path';
import { data, Generator, io, models } from '@digitnet/core';
import { loadSafetensors } from '@digitnet/core/node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeDrawing } from '../src/images.js';
import { loadModel } from '../src/model/load.js';
import { asAdmin, testApp } from './support/app.js';
import { writeModel } from './support/model.js';
import { drawingPng } from './support/png.js';

const t = await testApp();
test.after(() => t.close());

const SEED = 1616;
// The test model's widths (factor 4): conv1 4, conv2 8, fc1 16.
const WIDTHS = { conv1: 4, conv2: 8, fc1: 16 };

/** A score over all twelve features for the factor-4 test model, its numbers seeded. */
function storedScore(seed: number, threshold: number): data.NotADigitModel {
  const g = new Generator(seed);
  const gaussian = (d: number) => ({
    means: Array.from({ length: 10 }, () => Array.from({ length: d }, () => g.random())),
    precision: Array.from({ length: d }, (_, i) =>
      Array.from({ length: d }, (_, j) => (i === j ? 0.5 + g.random() : 0)),
    ),
  });
  const n = data.NOT_A_DIGIT_FEATURES.length + data.ACTIVATION_FEATURES.length;
  return {
    mean: Array.from({ length: n }, () => g.normal()),
    std: Array.from({ length: n }, () => 0.5 + g.random()),
    weights: Array.from({ length: n }, () => g.normal()),
    bias: g.normal(),
    threshold,
    activations: {
      conv1: gaussian(WIDTHS.conv1),
      conv2: gaussian(WIDTHS.conv2),
      fc1: gaussian(WIDTHS.fc1),
    },
  };
}

interface Answer {
  notADigitScore: number;
  likelyDigit: boolean;
  pixels: number[];
  modelVersion: string;
}

const predict = async (png: Buffer): Promise<Answer> => {
  const res = await t.request('/api/predict', {
    method: 'POST',
    headers: { 'Content-Type': 'image/png' },
    body: new Uint8Array(png),
  });
  assert.is(res.status, 200);
  return (await res.json()) as Answer;
};
const info = async () =>
  (await (await t.request('/api/model')).json()) as {
    version: string;
    notADigit: { source: string; features: string[]; threshold: number };
  };
const reload = () => t.request('/api/model/reload', { method: 'POST', headers: asAdmin });

/** The score `score` gives the file's model on `pixels`, computed here from its own outputs. */
async function expected(score: data.NotADigitModel, pixels: number[]): Promise<number> {
  const { tensors } = await loadSafetensors(join(t.dir, 'test-cnn.safetensors'));
  const model = models.mnistCnn(models.mnistCnnConfigFromStateDict(tensors));
  model.loadStateDict(tensors);
  model.eval();
  const input = Uint8Array.from(pixels);
  const { logits, activations } = models.digitModelOutputs(model, input);
  model.dispose();
  return data.notADigitScore(input, logits, score, activations);
}

test('a model file without a stored score uses core’s constant, and /api/model says so', async () => {
  const m = await info();
  assert.equal(m.notADigit, {
    source: 'core',
    features: [...data.NOT_A_DIGIT_FEATURES],
    threshold: data.NOT_A_DIGIT.threshold,
  });
  const p = await predict(await drawingPng({ digit: 7 }));
  const want = await expected(data.NOT_A_DIGIT, p.pixels);
  assert.ok(Math.abs(p.notADigitScore - want) < 1e-9, `${p.notADigitScore} vs ${want}`);
  assert.is(p.likelyDigit, want < data.NOT_A_DIGIT.threshold);
});

test('a score stored in the model file judges /api/predict after a reload', async () => {
  const png = await drawingPng({ digit: 7 });
  const before = await predict(png);
  for (const threshold of [1e-9, 1]) {
    const score = storedScore(SEED, threshold);
    await writeModel(t.dir, { notADigit: score });
    assert.is((await reload()).status, 200);
    const m = await info();
    assert.is(m.notADigit.source, 'model file');
    assert.equal(m.notADigit.features, data.notADigitFeatureNames(score));
    assert.is(m.notADigit.threshold, threshold);
    const p = await predict(png);
    assert.equal(p.pixels, before.pixels);
    const want = await expected(score, p.pixels);
    assert.ok(Math.abs(p.notADigitScore - want) < 1e-9, `${p.notADigitScore} vs ${want}`);
    assert.is.not(p.notADigitScore, before.notADigitScore, 'not the constant’s score');
    // Every score is flagged at a threshold of 1e-9 (the logistic is > 0); none reaches 1.
    assert.is(p.likelyDigit, threshold === 1, `threshold ${threshold}, score ${want}`);
  }
});

test('a bad stored score is refused at load, naming the problem; the served model stays', async () => {
  const good = storedScore(SEED, 0.5);
  await writeModel(t.dir, { notADigit: good });
  assert.is((await reload()).status, 200);
  const serving = (await info()).version;
  const cases: [data.NotADigitModel | string, RegExp][] = [
    ['{"mean": [1, ', /not-a-digit score: the metadata 'notADigit' is not valid JSON/],
    [{ ...good, threshold: 0 }, /not-a-digit score: threshold is 0, expected in \(0, 1\]/],
    [
      {
        ...good,
        activations: { ...good.activations, fc1: storedScore(SEED, 0.5).activations?.conv2 },
      } as data.NotADigitModel,
      /not-a-digit score: fc1 statistics are for 8 values, this model's fc1 has 16/,
    ],
    [{ ...good, weights: good.weights.slice(0, 7) }, /weights must be an array of 12 numbers/],
  ];
  for (const [score, message] of cases) {
    const path = await writeModel(t.dir, { notADigit: score, seed: 3 });
    try {
      await loadModel(path);
      assert.unreachable('loaded a model with a bad score');
    } catch (err) {
      assert.instance(err, Error);
      assert.match(
        (err as Error).message,
        /^test-cnn.safetensors is not a usable mnist-cnn model: /,
      );
      assert.match((err as Error).message, message);
    }
    const res = await reload();
    assert.is(res.status, 422);
    const body = (await res.json()) as { error: string };
    assert.match(body.error, message);
    assert.match(body.error, new RegExp(`still serving ${serving.replace(/[@.]/g, '\\$&')}`));
    assert.is((await info()).version, serving);
  }
});

test('the weights the page downloads carry the same stored score', async () => {
  const score = storedScore(SEED + 1, 0.5);
  await writeModel(t.dir, { notADigit: score, seed: 5 });
  assert.is((await reload()).status, 200);
  const res = await t.request('/api/model/weights');
  assert.is(res.status, 200);
  const { tensors, metadata } = io.decodeSafetensors(new Uint8Array(await res.arrayBuffer()));
  const config = models.mnistCnnConfigFromStateDict(tensors);
  const stored = models.storedNotADigit(metadata, config);
  assert.is(stored.source, 'model file');
  assert.equal(stored.score, score);
  const pixels = (
    await decodeDrawing(new Uint8Array(await drawingPng({ digit: 4 })), t.config.limits)
  ).pixels;
  const model = models.mnistCnn(config);
  model.loadStateDict(tensors);
  model.eval();
  const page = models.predictDigit(model, pixels, stored.score);
  model.dispose();
  const server = await predict(await drawingPng({ digit: 4 }));
  assert.is(page.notADigitScore, server.notADigitScore);
  assert.is(page.likelyDigit, server.likelyDigit);
});

test.run();
