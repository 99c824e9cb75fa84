// "Not a digit": a score, from the model's logits and simple ink statistics of its 28x28 input,
// that a drawing is not any single digit (a scribble, dots, a letter, several digits). A logistic
// regression over the features below, fitted by examples/fit-not-a-digit.ts on generated drawings
// (never the evaluation sets).

import { MNIST_SIZE } from './drawing.js';

/** The features the score weighs, in this order. */
export const NOT_A_DIGIT_FEATURES = [
  'maxProb',
  'margin',
  'logSumExp',
  'ink',
  'components',
  'aspect',
  'fill',
] as const;

/** A fitted score: weights over NOT_A_DIGIT_FEATURES (standardised by mean and std), bias, threshold. */
export interface NotADigitModel {
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly weights: readonly number[];
  readonly bias: number;
  /** Scores at or above this are flagged as not a digit. */
  readonly threshold: number;
}

/**
 * The score fitted with the bundled model (models/mnist-cnn-f16.safetensors) and drawingToMnist's
 * default transform by `npm run fit-not-a-digit -- models/mnist-cnn-f16.safetensors --digits 1000
 * --non-digits 600` (printed as is): on its fitting set the threshold flags 0.50% of the drawn
 * digits and 63.0% of the non-digits. Another model, or another transform, needs its own fit.
 */
export const NOT_A_DIGIT: NotADigitModel = {
  mean: [0.90818, 8.1065, 11.674, 0.14168, 1.2319, 0.89764, 0.37486],
  std: [0.16157, 6.0527, 5.4662, 0.058473, 0.56733, 0.4028, 0.13112],
  weights: [-0.12791, -0.60596, -2.2389, 1.0061, 1.9059, 0.949, -0.67665],
  bias: -0.5985,
  threshold: 0.92368,
};

/**
 * The features of one prediction: the softmax's largest probability, the gap between the two
 * largest logits, log-sum-exp of the logits (minus the energy), the fraction of the 784 pixels that
 * are ink (> 127), how many separate ink blobs there are (8-connected, pixels > 64, at least 2
 * pixels), the ink box's width over its height, and the fraction of that box that is ink.
 */
export function notADigitFeatures(pixels: ArrayLike<number>, logits: ArrayLike<number>): number[] {
  const n = MNIST_SIZE * MNIST_SIZE;
  if (pixels.length !== n) {
    throw new Error(`notADigitFeatures: expected ${n} pixels (28x28), got ${pixels.length}`);
  }
  if (logits.length < 2) {
    throw new Error(`notADigitFeatures: expected at least 2 logits, got ${logits.length}`);
  }
  let top = -Infinity;
  let second = -Infinity;
  for (let i = 0; i < logits.length; i++) {
    const v = logits[i];
    if (!Number.isFinite(v)) throw new Error(`notADigitFeatures: logit ${i} is ${v}`);
    if (v > top) {
      second = top;
      top = v;
    } else if (v > second) second = v;
  }
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - top);
  const logSumExp = top + Math.log(sum);
  const maxProb = 1 / sum;

  let ink = 0;
  let x0 = MNIST_SIZE;
  let y0 = MNIST_SIZE;
  let x1 = -1;
  let y1 = -1;
  for (let i = 0; i < n; i++) {
    if (pixels[i] <= 127) continue;
    ink++;
    const x = i % MNIST_SIZE;
    const y = (i - x) / MNIST_SIZE;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  const boxW = x1 < 0 ? 0 : x1 - x0 + 1;
  const boxH = x1 < 0 ? 0 : y1 - y0 + 1;
  return [
    maxProb,
    top - second,
    logSumExp,
    ink / n,
    components(pixels),
    boxH === 0 ? 1 : boxW / boxH,
    boxW === 0 ? 0 : ink / (boxW * boxH),
  ];
}

/** The number of 8-connected blobs of pixels > 64 with at least 2 pixels. */
function components(pixels: ArrayLike<number>): number {
  const seen = new Uint8Array(MNIST_SIZE * MNIST_SIZE);
  const stack: number[] = [];
  let count = 0;
  for (let start = 0; start < seen.length; start++) {
    if (seen[start] || pixels[start] <= 64) continue;
    let size = 0;
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop() as number;
      size++;
      const x = i % MNIST_SIZE;
      const y = (i - x) / MNIST_SIZE;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= MNIST_SIZE || ny >= MNIST_SIZE) continue;
          const j = ny * MNIST_SIZE + nx;
          if (!seen[j] && pixels[j] > 64) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    if (size >= 2) count++;
  }
  return count;
}

/** The logistic score (0–1) of `features` under `model`: higher is less like a digit. */
export function scoreFeatures(features: readonly number[], model: NotADigitModel): number {
  if (features.length !== model.weights.length) {
    throw new Error(
      `scoreFeatures: ${features.length} features, the model weighs ${model.weights.length}`,
    );
  }
  let z = model.bias;
  for (let i = 0; i < features.length; i++) {
    z += (model.weights[i] * (features[i] - model.mean[i])) / model.std[i];
  }
  return 1 / (1 + Math.exp(-z));
}

/**
 * How unlike any single digit a prediction is, 0–1 (higher: less like a digit), from the model's
 * input (784 pixels, 0–255) and its logits.
 * @example
 * ```ts
 * const pixels = new Uint8Array(784).fill(255); // a filled square, not a digit
 * const model = models.mnistCnn({ factor: 4 }).eval();
 * const logits = model.forward(tensor(pixels, [1, 1, 28, 28]).div(255)).dataSync();
 * const score = data.notADigitScore(pixels, logits);
 * console.log(score >= data.NOT_A_DIGIT.threshold); // "that doesn't look like a digit": → true
 * ```
 */
export function notADigitScore(
  pixels: ArrayLike<number>,
  logits: ArrayLike<number>,
  model: NotADigitModel = NOT_A_DIGIT,
): number {
  return scoreFeatures(notADigitFeatures(pixels, logits), model);
}

/** Whether a prediction looks like a digit: its notADigitScore is under the model's threshold. */
export function isLikelyDigit(
  pixels: ArrayLike<number>,
  logits: ArrayLike<number>,
  model: NotADigitModel = NOT_A_DIGIT,
): boolean {
  return notADigitScore(pixels, logits, model) < model.threshold;
}
