// One forward pass of the digit model on a 28x28 image: core's models.predictDigit, which the page's
// engine worker runs too, so server and browser answer from the same code.
import { models } from '@digitnet/core';

/** The model's answer for one image. */
export type Prediction = models.DigitPrediction;

/** The model's logits and softmax for a 28x28 image (row-major, 0–255, ink bright), nothing judged. */
export const modelOutputs = models.digitModelOutputs;

/**
 * Classifies a 28x28 image (row-major, 0–255, ink bright) with a model in eval mode, and says
 * whether it looks like a digit at all. The model must give finite logits (selfCheck makes sure).
 */
export const predictDigit = models.predictDigit;
