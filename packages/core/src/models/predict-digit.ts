// One forward pass of a digit model on a 28x28 image: the answer the server sends and the page
// computes in its worker, from this one piece of code.
import { noGrad } from '../autograd.js';
import { MNIST_NORMALIZATION } from '../data/loader.js';
import {
  type ActivationLayer,
  NOT_A_DIGIT,
  type NotADigitModel,
  notADigitScore,
  parseNotADigitModel,
} from '../data/notdigit.js';
import { tidy } from '../memory.js';
import { tensor } from '../ops/creation.js';
import { softmax } from '../ops/softmax.js';
import type { MnistCnn, MnistCnnConfig } from './mnist-cnn.js';

/** A digit model's answer for one image. */
export interface DigitPrediction {
  /** The most probable digit. */
  digit: number;
  /** The probability of `digit`. */
  confidence: number;
  /** Softmax over the ten digits. */
  probabilities: number[];
  /** The model's raw outputs, before softmax. */
  logits: number[];
  /** data.notADigitScore of the image: above its threshold, the drawing is unlikely to be any digit. */
  notADigitScore: number;
  /** Whether the image looks like a digit at all (the score is under the score's threshold). */
  likelyDigit: boolean;
}

/** A digit model's outputs for one image, nothing judged (see digitModelOutputs). */
export interface DigitModelOutputs {
  logits: number[];
  probabilities: number[];
  /** The activations "not a digit" measures (MnistCnn.forwardWithActivations), this image's row. */
  activations: Record<ActivationLayer, number[]>;
}

/**
 * A digit model's logits, softmax and activations (from the same forward pass) for one 28x28 image
 * (row-major, 0–255, ink bright, as data.drawingToMnist gives it), normalised as MNIST was; nothing
 * judged. Frees every tensor it makes, so memory stays flat across calls.
 */
export function digitModelOutputs(model: MnistCnn, pixels: Uint8Array): DigitModelOutputs {
  if (pixels.length !== 784) {
    throw new Error(`predictDigit: expected a 28x28 image (784 pixels), got ${pixels.length}`);
  }
  const { mean, std } = MNIST_NORMALIZATION;
  const input = new Float32Array(784);
  for (let i = 0; i < 784; i++) input[i] = (pixels[i] / 255 - mean) / std;
  return tidy(() =>
    noGrad(() => {
      const out = model.forwardWithActivations(tensor(input, [1, 1, 28, 28]));
      return {
        logits: Array.from(out.logits.dataSync()),
        probabilities: Array.from(softmax(out.logits, 1).dataSync()),
        activations: {
          conv1: Array.from(out.conv1.dataSync()),
          conv2: Array.from(out.conv2.dataSync()),
          fc1: Array.from(out.fc1.dataSync()),
        },
      };
    }),
  );
}

/**
 * Classifies one 28x28 image (see digitModelOutputs) with a model in eval mode, and says whether it
 * looks like a digit at all by `notADigit`: the score fitted for this model's weights (stored in
 * its file), or core's data.NOT_A_DIGIT. Ties go to the lower digit.
 */
export function predictDigit(
  model: MnistCnn,
  pixels: Uint8Array,
  notADigit: NotADigitModel = NOT_A_DIGIT,
): DigitPrediction {
  const { logits, probabilities, activations } = digitModelOutputs(model, pixels);
  let digit = 0;
  for (let d = 1; d < 10; d++) if (probabilities[d] > probabilities[digit]) digit = d;
  const score = notADigitScore(pixels, logits, notADigit, activations);
  return {
    digit,
    confidence: probabilities[digit],
    probabilities,
    logits,
    notADigitScore: score,
    likelyDigit: score < notADigit.threshold,
  };
}

/** The safetensors metadata key a model file keeps its fitted not-a-digit score under (as JSON). */
export const NOT_A_DIGIT_METADATA_KEY = 'notADigit';

/** The not-a-digit score a model judges with, and where it came from. */
export interface ModelNotADigit {
  score: NotADigitModel;
  /** 'model file': fitted for these weights and stored in their file; 'core': data.NOT_A_DIGIT. */
  source: 'model file' | 'core';
}

/**
 * The not-a-digit score stored in a model file's safetensors metadata (written by `npm run
 * fit-not-a-digit -- <model> --write`), checked against the model's layer widths; core's
 * data.NOT_A_DIGIT when the file has none. Throws naming the problem when the stored one is bad.
 */
export function storedNotADigit(
  metadata: Readonly<Record<string, string>>,
  config: MnistCnnConfig,
): ModelNotADigit {
  const text = metadata[NOT_A_DIGIT_METADATA_KEY];
  if (text === undefined) return { score: NOT_A_DIGIT, source: 'core' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(
      `not-a-digit score: the metadata '${NOT_A_DIGIT_METADATA_KEY}' is not valid JSON (${(err as Error).message})`,
    );
  }
  return { score: parseNotADigitModel(json, activationWidths(config)), source: 'model file' };
}

/** How many values each layer a not-a-digit score measures has, in mnistCnn(config). */
export function activationWidths(config: MnistCnnConfig): Record<ActivationLayer, number> {
  const f = config.factor;
  return { conv1: f, conv2: 2 * f, fc1: config.multiplier * f };
}
