// One forward pass of the digit model on a 28x28 image.
import { data, type models, noGrad, softmax, tensor, tidy } from '@digitnet/core';

/** The model's answer for one image. */
export interface Prediction {
  digit: number;
  /** The probability of `digit`. */
  confidence: number;
  /** Softmax over the ten digits. */
  probabilities: number[];
  /** The model's raw outputs, before softmax. */
  logits: number[];
  /** data.notADigitScore of the image: above its threshold, the drawing is unlikely to be any digit. */
  notADigitScore: number;
  /** Whether the drawing looks like a digit at all (data.isLikelyDigit). */
  likelyDigit: boolean;
}

/** The model's logits and softmax for a 28x28 image (row-major, 0–255, ink bright), nothing judged. */
export function modelOutputs(
  model: models.MnistCnn,
  pixels: Uint8Array,
): { logits: number[]; probabilities: number[] } {
  if (pixels.length !== 784)
    throw new Error(`predictDigit: expected 784 pixels, got ${pixels.length}`);
  const { mean, std } = data.MNIST_NORMALIZATION;
  const input = new Float32Array(784);
  for (let i = 0; i < 784; i++) input[i] = (pixels[i] / 255 - mean) / std;
  // tidy frees the input, the activations and the logits: memory stays flat across requests.
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
 * Classifies a 28x28 image (row-major, 0–255, ink bright) with a model in eval mode, and says
 * whether it looks like a digit at all. The model must give finite logits (selfCheck makes sure).
 * @example predictDigit(model, pixels) // { digit: 7, confidence: 0.98, likelyDigit: true, ... }
 */
export function predictDigit(model: models.MnistCnn, pixels: Uint8Array): Prediction {
  const { logits, probabilities } = modelOutputs(model, pixels);
  let digit = 0;
  for (let d = 1; d < 10; d++) if (probabilities[d] > probabilities[digit]) digit = d;
  const notADigitScore = data.notADigitScore(pixels, logits);
  return {
    digit,
    confidence: probabilities[digit],
    probabilities,
    logits,
    notADigitScore,
    likelyDigit: notADigitScore < data.NOT_A_DIGIT.threshold,
  };
}
