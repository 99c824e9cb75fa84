// "Not a digit": a score, from the model's logits and simple ink statistics of its 28x28 input,
// that a drawing is not any single digit (a scribble, dots, a letter, several digits). A logistic
// regression over the features below, fitted by examples/fit-not-a-digit.ts on generated drawings
// (never the evaluation sets). A score fitted for one model's weights also weighs that model's
// activations: at each of conv1, conv2 (block outputs averaged over positions) and fc1, the
// Mahalanobis distance to the nearest class mean under a covariance shared by the classes (Lee et
// al. 2018, "A simple unified framework for detecting out-of-distribution samples"), and fc1's
// norm and largest cosine to a class mean.

import { MNIST_SIZE } from './drawing.js';

/** The features every score weighs, in this order. */
export const NOT_A_DIGIT_FEATURES = [
  'maxProb',
  'margin',
  'logSumExp',
  'ink',
  'components',
  'aspect',
  'fill',
] as const;

/** The activation features a score with `activations` statistics weighs too, after those. */
export const ACTIVATION_FEATURES = [
  'conv1Mahalanobis',
  'conv2Mahalanobis',
  'fc1Mahalanobis',
  'fc1Norm',
  'fc1Cosine',
] as const;

/** The layers whose activations a score may weigh. */
export const ACTIVATION_LAYERS = ['conv1', 'conv2', 'fc1'] as const;
/** One of ACTIVATION_LAYERS: 'conv1', 'conv2' or 'fc1'. */
export type ActivationLayer = (typeof ACTIVATION_LAYERS)[number];

/** One sample's activations at each layer (models.MnistCnnActivations' rows). */
export type Activations = Readonly<Record<ActivationLayer, ArrayLike<number>>>;

/** Class-conditional Gaussian statistics of one layer, one covariance shared by the classes. */
export interface GaussianStats {
  /** The ten class means, [10][D] (D: the layer's width). */
  readonly means: readonly (readonly number[])[];
  /** The inverse of the shared covariance, [D][D], symmetric. */
  readonly precision: readonly (readonly number[])[];
}

/** GaussianStats of each layer a score weighs. */
export type ActivationStats = Readonly<Record<ActivationLayer, GaussianStats>>;

/**
 * A fitted score: weights over NOT_A_DIGIT_FEATURES (then ACTIVATION_FEATURES when `activations` is
 * given), standardised by mean and std, bias, threshold.
 */
export interface NotADigitModel {
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly weights: readonly number[];
  readonly bias: number;
  /** Scores at or above this are flagged as not a digit. */
  readonly threshold: number;
  /** The layers' statistics, for a score fitted for one model's weights. */
  readonly activations?: ActivationStats;
}

/** The names of the features `model` weighs, in order. */
export function notADigitFeatureNames(model: Pick<NotADigitModel, 'activations'>): string[] {
  return [...NOT_A_DIGIT_FEATURES, ...(model.activations ? ACTIVATION_FEATURES : [])];
}

/**
 * The 7-feature score fitted with the bundled model (models/mnist-cnn-f16.safetensors) and
 * drawingToMnist's default transform by `npm run fit-not-a-digit -- models/mnist-cnn-f16.safetensors
 * --json-7 <path>` (1 500 drawn digits, 800 non-digits): on its fitting set the threshold flags 0.47%
 * of the drawn digits and 91.0% of the non-digits. It judges models whose file stores no score of its
 * own (the bundled file stores one that also weighs its activations); another model, or another
 * transform, needs its own fit.
 */
export const NOT_A_DIGIT: NotADigitModel = {
  mean: [0.67875, 6.4587, 7.9238, 0.14117, 1.21, 0.88833, 0.37517],
  std: [0.39761, 6.3651, 5.6103, 0.058322, 0.54116, 0.39974, 0.13043],
  weights: [-2.5513, 0.1972, -2.1538, 0.22247, 0.5993, 0.57886, -0.4083],
  bias: -1.8011,
  threshold: 0.90929,
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
 * The Mahalanobis distance sqrt((h − μc)ᵀ P (h − μc)) from `h` to the nearest class mean μc of
 * `stats` (P: their precision).
 */
export function mahalanobis(h: ArrayLike<number>, stats: GaussianStats): number {
  const d = stats.precision.length;
  if (h.length !== d) {
    throw new Error(`mahalanobis: the activations have ${h.length} values, the statistics ${d}`);
  }
  let nearest = Infinity;
  const v = new Float64Array(d);
  for (const mu of stats.means) {
    for (let i = 0; i < d; i++) v[i] = h[i] - mu[i];
    let q = 0;
    for (let i = 0; i < d; i++) {
      const row = stats.precision[i];
      let pv = 0;
      for (let j = 0; j < d; j++) pv += row[j] * v[j];
      q += v[i] * pv;
    }
    if (q < nearest) nearest = q;
  }
  // A precision matrix is positive definite; rounding can leave a hair below zero.
  return Math.sqrt(Math.max(0, nearest));
}

/**
 * The activation features of one prediction (ACTIVATION_FEATURES): the Mahalanobis distance to the
 * nearest class mean at conv1, conv2 and fc1, fc1's Euclidean norm, and the largest cosine between
 * fc1 and a class mean (0 when fc1 is all zeros).
 */
export function activationFeatures(a: Activations, stats: ActivationStats): number[] {
  const h = a.fc1;
  let norm2 = 0;
  for (let i = 0; i < h.length; i++) norm2 += h[i] * h[i];
  const norm = Math.sqrt(norm2);
  let cosine = -1;
  for (const mu of stats.fc1.means) {
    let dot = 0;
    let muNorm2 = 0;
    for (let i = 0; i < h.length; i++) {
      dot += h[i] * mu[i];
      muNorm2 += mu[i] * mu[i];
    }
    const c = norm === 0 || muNorm2 === 0 ? 0 : dot / (norm * Math.sqrt(muNorm2));
    if (c > cosine) cosine = c;
  }
  return [
    mahalanobis(a.conv1, stats.conv1),
    mahalanobis(a.conv2, stats.conv2),
    mahalanobis(h, stats.fc1),
    norm,
    cosine,
  ];
}

/**
 * How unlike any single digit a prediction is, 0–1 (higher: less like a digit), from the model's
 * input (784 pixels, 0–255), its logits and, for a score with activation statistics, its
 * activations (as models.digitModelOutputs gives them).
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
  activations?: Activations,
): number {
  const features = notADigitFeatures(pixels, logits);
  if (model.activations) {
    if (!activations) {
      throw new Error("notADigitScore: this score weighs the model's activations, none were given");
    }
    features.push(...activationFeatures(activations, model.activations));
  }
  return scoreFeatures(features, model);
}

/** Whether a prediction looks like a digit: its notADigitScore is under the model's threshold. */
export function isLikelyDigit(
  pixels: ArrayLike<number>,
  logits: ArrayLike<number>,
  model: NotADigitModel = NOT_A_DIGIT,
  activations?: Activations,
): boolean {
  return notADigitScore(pixels, logits, model, activations) < model.threshold;
}

/**
 * A NotADigitModel read from JSON (a model file's stored score), checked: finite numbers, one
 * weight, mean and std (> 0) per feature, a threshold in (0, 1], a `features` list (when given)
 * naming notADigitFeatureNames, and for each layer ten class means and a square, symmetric
 * precision of the layer's width in `widths` (the model's, when given). Throws naming what is wrong.
 */
export function parseNotADigitModel(
  value: unknown,
  widths?: Readonly<Record<ActivationLayer, number>>,
): NotADigitModel {
  const fail = (what: string): never => {
    throw new Error(`not-a-digit score: ${what}`);
  };
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const numbers = (v: unknown, name: string, length: number): number[] => {
    if (!Array.isArray(v) || v.length !== length) {
      const got = Array.isArray(v) ? `${v.length} values` : typeof v;
      fail(`${name} must be an array of ${length} numbers, got ${got}`);
    }
    const arr = v as unknown[];
    arr.forEach((x, i) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        fail(`${name}[${i}] is ${x}, not a finite number`);
      }
    });
    return arr as number[];
  };
  const gaussian = (v: unknown, name: string, width?: number): GaussianStats => {
    if (!isObject(v)) fail(`${name} must be an object { means, precision }`);
    const g = v as Record<string, unknown>;
    if (!Array.isArray(g.precision)) fail(`${name}.precision must be a square array of arrays`);
    const d = (g.precision as unknown[]).length;
    if (width !== undefined && d !== width) {
      fail(`${name} statistics are for ${d} values, this model's ${name} has ${width}`);
    }
    if (!Array.isArray(g.means) || g.means.length !== 10) {
      fail(`${name}.means must hold 10 class means`);
    }
    const means = (g.means as unknown[]).map((m, c) => numbers(m, `${name}.means[${c}]`, d));
    const precision = (g.precision as unknown[]).map((r, i) =>
      numbers(r, `${name}.precision[${i}]`, d),
    );
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < i; j++) {
        const a = precision[i][j];
        const b = precision[j][i];
        if (Math.abs(a - b) > 1e-6 * Math.max(1, Math.abs(a), Math.abs(b))) {
          fail(`${name}.precision is not symmetric: [${i}][${j}] = ${a}, [${j}][${i}] = ${b}`);
        }
      }
      if (!(precision[i][i] > 0)) {
        fail(`${name}.precision[${i}][${i}] is ${precision[i][i]}, expected > 0`);
      }
    }
    return { means, precision };
  };
  if (!isObject(value)) {
    fail(`expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  const v = value as Record<string, unknown>;
  let activations: ActivationStats | undefined;
  if (v.activations !== undefined) {
    if (!isObject(v.activations)) fail('activations must be an object { conv1, conv2, fc1 }');
    const a = v.activations as Record<string, unknown>;
    const [conv1, conv2, fc1] = ACTIVATION_LAYERS.map((layer) =>
      gaussian(a[layer], layer, widths?.[layer]),
    );
    activations = { conv1, conv2, fc1 };
  }
  const names = notADigitFeatureNames({ activations });
  const n = names.length;
  if (v.features !== undefined) {
    const given = Array.isArray(v.features) ? v.features.join(', ') : String(v.features);
    if (given !== names.join(', ')) fail(`features are [${given}], expected [${names.join(', ')}]`);
  }
  const mean = numbers(v.mean, 'mean', n);
  const std = numbers(v.std, 'std', n);
  std.forEach((s, i) => {
    if (!(s > 0)) fail(`std[${i}] is ${s}, expected > 0`);
  });
  const weights = numbers(v.weights, 'weights', n);
  const [bias] = numbers([v.bias], 'bias', 1);
  const [threshold] = numbers([v.threshold], 'threshold', 1);
  if (!(threshold > 0 && threshold <= 1)) fail(`threshold is ${threshold}, expected in (0, 1]`);
  return { mean, std, weights, bias, threshold, ...(activations ? { activations } : {}) };
}
