// The not-a-digit score: its features against float64 references, on inputs made here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { data } from '../src/index.js';

/** A 28x28 image with the given rectangles (x, y, w, h) at 255. */
function rects(...boxes: [number, number, number, number][]): Uint8Array {
  const img = new Uint8Array(784);
  for (const [x, y, w, h] of boxes) {
    for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) img[j * 28 + i] = 255;
  }
  return img;
}

const close = (a: number, b: number, tol = 1e-9) =>
  Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

test('logit features match a float64 softmax', () => {
  const logits = [2.5, -1, 0.25, 7.75, 3, -4, 0, 1, 7, -0.5];
  const [maxProb, margin, logSumExp] = data.notADigitFeatures(rects([10, 4, 4, 20]), logits);
  const m = Math.max(...logits);
  const z = logits.reduce((a, v) => a + Math.exp(v - m), 0);
  assert.ok(close(maxProb, Math.exp(7.75 - m) / z), `maxProb ${maxProb}`);
  assert.ok(close(margin, 0.75), `margin ${margin}`);
  assert.ok(close(logSumExp, m + Math.log(z)), `logSumExp ${logSumExp}`);
  // Large logits do not overflow.
  const [p, , lse] = data.notADigitFeatures(rects([10, 4, 4, 20]), [
    1000,
    999,
    ...new Array(8).fill(0),
  ]);
  assert.ok(close(p, 1 / (1 + Math.exp(-1))), `maxProb ${p}`);
  assert.ok(close(lse, 1000 + Math.log(1 + Math.exp(-1))), `logSumExp ${lse}`);
});

test('ink features: amount, blobs, aspect and fill of the ink box', () => {
  const logits = new Array(10).fill(0);
  // A 4x20 bar: 80 pixels, one blob, 4 wide by 20 tall, box all ink.
  const [, , , ink, blobs, aspect, fill] = data.notADigitFeatures(rects([10, 4, 4, 20]), logits);
  assert.ok(close(ink, 80 / 784));
  assert.is(blobs, 1);
  assert.ok(close(aspect, 4 / 20));
  assert.ok(close(fill, 1));
  // Two digits' worth side by side: two blobs, a wide box half filled; a lone pixel is no blob.
  const two = rects([2, 9, 10, 10], [16, 9, 10, 10], [0, 0, 1, 1]);
  const f = data.notADigitFeatures(two, logits);
  assert.is(f[4], 2);
  assert.ok(close(f[5], 26 / 19), `aspect ${f[5]}`);
  assert.ok(close(f[6], 201 / (26 * 19)), `fill ${f[6]}`);
});

test('the score is the fitted logistic; isLikelyDigit compares it with the threshold', () => {
  const model: data.NotADigitModel = {
    mean: [0.5, 0, 0, 0, 1, 1, 0],
    std: [0.25, 1, 1, 1, 1, 1, 1],
    weights: [-2, 0, 0, 0, 1, 0, 0],
    bias: 0.5,
    threshold: 0.5,
  };
  const features = [0.9, 0, 0, 0, 3, 1, 0];
  const z = 0.5 + (-2 * (0.9 - 0.5)) / 0.25 + (3 - 1);
  assert.ok(close(data.scoreFeatures(features, model), 1 / (1 + Math.exp(-z))));
  // A confident single bar is a digit under this model; three blobs and a flat softmax are not.
  const confident = [10, ...new Array(9).fill(0)];
  assert.ok(data.isLikelyDigit(rects([10, 4, 4, 20]), confident, model));
  const flat = new Array(10).fill(0);
  const blobs = rects([1, 1, 3, 3], [12, 12, 3, 3], [22, 22, 3, 3]);
  assert.not.ok(data.isLikelyDigit(blobs, flat, model));
  assert.ok(data.notADigitScore(blobs, flat, model) >= model.threshold);
});

test('the bundled score has one weight per feature and a threshold in (0, 1]', () => {
  const m = data.NOT_A_DIGIT;
  const n = data.NOT_A_DIGIT_FEATURES.length;
  assert.is(m.weights.length, n);
  assert.is(m.mean.length, n);
  assert.is(m.std.length, n);
  assert.ok(m.std.every((s) => s > 0));
  assert.ok(m.threshold > 0 && m.threshold <= 1);
});

test('bad input names the function and what was wrong', () => {
  assert.throws(
    () => data.notADigitFeatures(new Uint8Array(10), [0, 1]),
    /notADigitFeatures: expected 784 pixels \(28x28\), got 10/,
  );
  assert.throws(() => data.notADigitFeatures(new Uint8Array(784), [0]), /at least 2 logits, got 1/);
  assert.throws(
    () => data.notADigitFeatures(new Uint8Array(784), [0, Number.NaN]),
    /logit 1 is NaN/,
  );
  assert.throws(
    () => data.scoreFeatures([1, 2], data.NOT_A_DIGIT),
    /2 features, the model weighs 7/,
  );
});

test.run();
