// Fitting core's "not a digit" score (data.NotADigitModel) on features of drawn digits and of
// non-digits: a logistic regression, then the lowest threshold that flags at most a given
// fraction of the fitting digits. Used by fit-not-a-digit.ts.
import { data, io } from '@digitnet/core';

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
 * Fits data.NotADigitModel on feature rows of digits (class 0) and non-digits (class 1):
 * data.notADigitFeatures, followed by data.activationFeatures under `activations` when it is given
 * (and then kept in the score); the threshold flags at most `maxDigitFlags` of the digits.
 */
export function fitNotADigit(
  digits: number[][],
  others: number[][],
  maxDigitFlags: number,
  activations?: data.ActivationStats,
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
  const unthresholded: data.NotADigitModel = {
    mean,
    std,
    weights,
    bias,
    threshold: 1,
    ...(activations ? { activations } : {}),
  };
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

/** data.ActivationStats of each layer (fitGaussian) on the activations of labelled digits. */
export function fitActivationStats(
  activations: readonly data.Activations[],
  labels: ArrayLike<number>,
): data.ActivationStats {
  const [conv1, conv2, fc1] = data.ACTIVATION_LAYERS.map((layer) =>
    fitGaussian(
      activations.map((a) => a[layer]),
      labels,
    ),
  );
  return { conv1, conv2, fc1 };
}

/**
 * Class-conditional Gaussian statistics of one layer (rows of `hidden`, labels 0–9) with one
 * shared covariance, as Lee et al. (2018) fit them: the class means, and the inverse of the pooled
 * within-class covariance. Units that never fire (ReLU) have no variance, so a small ridge
 * (`ridge` × the mean variance) is added to the diagonal before inverting, in float64.
 */
export function fitGaussian(
  hidden: readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  ridge = 1e-3,
): data.GaussianStats {
  const d = hidden[0].length;
  const sums = Array.from({ length: 10 }, () => new Float64Array(d));
  const counts = new Array<number>(10).fill(0);
  hidden.forEach((h, n) => {
    const c = labels[n];
    counts[c]++;
    for (let i = 0; i < d; i++) sums[c][i] += h[i];
  });
  const missing = counts.indexOf(0);
  if (missing >= 0) throw new Error(`fitGaussian: no example of digit ${missing}`);
  const means = sums.map((s, c) => Array.from(s, (v) => v / counts[c]));
  const cov = Array.from({ length: d }, () => new Float64Array(d));
  const v = new Float64Array(d);
  hidden.forEach((h, n) => {
    const mu = means[labels[n]];
    for (let i = 0; i < d; i++) v[i] = h[i] - mu[i];
    for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) cov[i][j] += v[i] * v[j];
  });
  let trace = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      cov[i][j] /= hidden.length;
      cov[j][i] = cov[i][j];
    }
    trace += cov[i][i];
  }
  const eps = ridge * Math.max(trace / d, 1e-12);
  for (let i = 0; i < d; i++) cov[i][i] += eps;
  return { means, precision: invertSpd(cov) };
}

/** The inverse of a symmetric positive definite matrix, by Cholesky (A = LLᵀ, A⁻¹ = L⁻ᵀL⁻¹). */
export function invertSpd(a: readonly ArrayLike<number>[]): number[][] {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Float64Array(n));
  for (let j = 0; j < n; j++) {
    let s = a[j][j];
    for (let k = 0; k < j; k++) s -= l[j][k] * l[j][k];
    if (!(s > 0))
      throw new Error(`invertSpd: the matrix is not positive definite (pivot ${j}: ${s})`);
    l[j][j] = Math.sqrt(s);
    for (let i = j + 1; i < n; i++) {
      let t = a[i][j];
      for (let k = 0; k < j; k++) t -= l[i][k] * l[j][k];
      l[i][j] = t / l[j][j];
    }
  }
  // Column by column: solve L y = e_c, then Lᵀ x = y.
  const inv = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const y = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < n; i++) {
      let t = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) t -= l[i][k] * y[k];
      y[i] = t / l[i][i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let t = y[i];
      for (let k = i + 1; k < n; k++) t -= l[k][i] * inv[k][c];
      inv[i][c] = t / l[i][i];
    }
  }
  // Exactly symmetric, as data.parseNotADigitModel requires.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const m = (inv[i][j] + inv[j][i]) / 2;
      inv[i][j] = m;
      inv[j][i] = m;
    }
  }
  return inv;
}

/**
 * A safetensors file's bytes with `entries` set in its `__metadata__` (other metadata kept), the
 * tensors' bytes unchanged: only the header is rewritten (offsets are relative to the data, so
 * they stay), padded with spaces to keep the data 8-byte aligned as the spec asks.
 */
export function withMetadata(
  bytes: Uint8Array,
  entries: Readonly<Record<string, string>>,
): Uint8Array {
  // Decoding first checks the file and the header.
  for (const t of Object.values(io.decodeSafetensors(bytes).tensors)) t.dispose();
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<
    string,
    unknown
  >;
  const { __metadata__: old, ...rest } = header;
  const metadata = { ...((old as Record<string, string> | undefined) ?? {}), ...entries };
  const json = new TextEncoder().encode(JSON.stringify({ __metadata__: metadata, ...rest }));
  const headerLength = json.length + ((8 - ((8 + json.length) % 8)) % 8);
  const dataBytes = bytes.subarray(8 + n);
  const out = new Uint8Array(8 + headerLength + dataBytes.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  out.set(dataBytes, 8 + headerLength);
  return out;
}
