// Fitting core's "not a digit" score (data.NotADigitModel) on features of drawn digits and of
// non-digits: a logistic regression, then the lowest threshold that flags at most a given
// fraction of the fitting digits. Used by fit-not-a-digit.ts.
import { data } from '@digitnet/core';

/** Logistic regression by gradient descent, both classes weighed equally, a little L2. */
function logistic(x: number[][], y: number[]): { weights: number[]; bias: number } {
  const d = x[0].length;
  const weights = new Array<number>(d).fill(0);
  let bias = 0;
  const pos = y.filter((v) => v === 1).length;
  const classWeight = [0.5 / (y.length - pos), 0.5 / pos];
  for (let step = 0; step < 3000; step++) {
    const gw = new Array<number>(d).fill(0);
    let gb = 0;
    for (let i = 0; i < x.length; i++) {
      let z = bias;
      for (let k = 0; k < d; k++) z += weights[k] * x[i][k];
      const err = (1 / (1 + Math.exp(-z)) - y[i]) * classWeight[y[i]];
      for (let k = 0; k < d; k++) gw[k] += err * x[i][k];
      gb += err;
    }
    for (let k = 0; k < d; k++) weights[k] -= 0.5 * (gw[k] + 1e-3 * weights[k]);
    bias -= 0.5 * gb;
  }
  return { weights, bias };
}

/** A fitted score and how it does on its own fitting set. */
export interface NotADigitFit {
  score: data.NotADigitModel;
  /** Fractions of the fitting non-digits and digits at or over the threshold. */
  othersFlagged: number;
  digitsFlagged: number;
}

/**
 * Fits data.NotADigitModel on data.notADigitFeatures rows of digits (class 0) and non-digits
 * (class 1); the threshold flags at most `maxDigitFlags` of the digits.
 */
export function fitNotADigit(
  digits: number[][],
  others: number[][],
  maxDigitFlags: number,
): NotADigitFit {
  const raw = [...digits, ...others];
  const y = [...digits.map(() => 0), ...others.map(() => 1)];
  const d = raw[0].length;
  const mean = Array.from({ length: d }, (_, k) => raw.reduce((a, f) => a + f[k], 0) / raw.length);
  const std = Array.from({ length: d }, (_, k) =>
    Math.max(1e-6, Math.sqrt(raw.reduce((a, f) => a + (f[k] - mean[k]) ** 2, 0) / raw.length)),
  );
  const x = raw.map((f) => f.map((v, k) => (v - mean[k]) / std[k]));
  const { weights, bias } = logistic(x, y);
  const unthresholded = { mean, std, weights, bias, threshold: 1 };
  const digitScores = digits.map((f) => data.scoreFeatures(f, unthresholded)).sort((a, b) => a - b);
  // The lowest threshold that flags at most maxDigitFlags of the fitting digits.
  const keep = Math.ceil(digitScores.length * (1 - maxDigitFlags));
  const threshold =
    keep >= digitScores.length ? 1 : (digitScores[keep - 1] + digitScores[keep]) / 2;
  const score = { ...unthresholded, threshold };
  const flagged = others.filter((f) => data.scoreFeatures(f, score) >= threshold).length;
  return {
    score,
    othersFlagged: flagged / others.length,
    digitsFlagged: (digitScores.length - keep) / digitScores.length,
  };
}
