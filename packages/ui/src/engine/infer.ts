// The model's answer for a drawing, computed as @digitnet/server computes it (model/predict.ts and
// images.ts): core's rgbaToGray and drawingToMnist, MNIST's normalisation, softmax, and core's
// not-a-digit score. No DOM: it runs in the engine worker.
import { data, type models, noGrad, softmax, tensor, tidy } from '@digitnet/core';

/** The 28x28 input (row-major, 0–255, ink bright) of a drawing's RGBA pixels; null when it has no ink. */
export function drawingInput(
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
): Uint8Array | null {
  const gray = data.rgbaToGray(rgba, width, height);
  const { pixels, empty } = data.drawingToMnist(gray, width, height);
  return empty ? null : pixels;
}

/** The model's logits and softmax for a 28x28 input, as the server's modelOutputs. */
export function modelOutputs(
  model: models.MnistCnn,
  pixels: Uint8Array,
): { logits: number[]; probabilities: number[] } {
  if (pixels.length !== 784)
    throw new Error(`modelOutputs: expected 784 pixels, got ${pixels.length}`);
  const { mean, std } = data.MNIST_NORMALIZATION;
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

/** The digit, its probability, all ten, and whether it looks like a digit at all (the server's rule). */
export function classify(model: models.MnistCnn, pixels: Uint8Array) {
  const { logits, probabilities } = modelOutputs(model, pixels);
  let digit = 0;
  for (let d = 1; d < 10; d++) if (probabilities[d] > probabilities[digit]) digit = d;
  const score = data.notADigitScore(pixels, logits);
  return {
    digit,
    confidence: probabilities[digit],
    probabilities,
    likelyDigit: score < data.NOT_A_DIGIT.threshold,
  };
}
