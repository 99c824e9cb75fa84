// One forward pass of a digit model on a 28x28 image: the answer the server sends and the page
// computes in its worker, from this one piece of code.
import { noGrad } from '../autograd.js';
import { MNIST_NORMALIZATION } from '../data/loader.js';
import { NOT_A_DIGIT, notADigitScore } from '../data/notdigit.js';
import { tidy } from '../memory.js';
import { tensor } from '../ops/creation.js';
import { softmax } from '../ops/softmax.js';
import type { MnistCnn } from './mnist-cnn.js';

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
  /** Whether the image looks like a digit at all (the score is under data.NOT_A_DIGIT's threshold). */
  likelyDigit: boolean;
}

/**
 * A digit model's logits and softmax for one 28x28 image (row-major, 0–255, ink bright, as
 * data.drawingToMnist gives it), normalised as MNIST was; nothing judged. Frees every tensor it
 * makes, so memory stays flat across calls.
 */
export function digitModelOutputs(
  model: MnistCnn,
  pixels: Uint8Array,
): { logits: number[]; probabilities: number[] } {
  if (pixels.length !== 784) {
    throw new Error(`predictDigit: expected a 28x28 image (784 pixels), got ${pixels.length}`);
  }
  const { mean, std } = MNIST_NORMALIZATION;
  const input = new Float32Array(784);
  for (let i = 0; i < 784; i++) input[i] = (pixels[i] / 255 - mean) / std;
  return tidy(() =>
    noGrad(() => {
      const out = model.forward(tensor(input, [1, 1, 28, 28]));
      return {
        logits: Array.from(out.dataSync()),
        probabilities: Array.from(softmax(out, 1).dataSync()),
      };
    }),
  );
}

/**
 * Classifies one 28x28 image (see digitModelOutputs) with a model in eval mode, and says whether it
 * looks like a digit at all. Ties go to the lower digit.
 */
export function predictDigit(model: MnistCnn, pixels: Uint8Array): DigitPrediction {
  const { logits, probabilities } = digitModelOutputs(model, pixels);
  let digit = 0;
  for (let d = 1; d < 10; d++) if (probabilities[d] > probabilities[digit]) digit = d;
  const score = notADigitScore(pixels, logits);
  return {
    digit,
    confidence: probabilities[digit],
    probabilities,
    logits,
    notADigitScore: score,
    likelyDigit: score < NOT_A_DIGIT.threshold,
  };
}
