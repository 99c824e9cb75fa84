// Reference network ops in float64, written from PyTorch's definitions as plain loops:
// linear, softmax, conv2d, pooling, batch norm, losses, one-hot.
import { axisOf, type Nd, nd, rowStrides, unravel } from './nd.js';

/** A size for both spatial axes, or [height, width]. */
export type RefPair = number | readonly [number, number];

function two(p: RefPair): [number, number] {
  return typeof p === 'number' ? [p, p] : [p[0], p[1]];
}

/** x · wᵀ + b: x [..., in], w [out, in], b [out] -> [..., out]. */
export function linear(x: Nd, w: Nd, b: Nd | null): Nd {
  const [outF, inF] = w.shape;
  const rows = x.data.length / inF;
  const out = new Float64Array(rows * outF);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outF; o++) {
      let acc = b ? b.data[o] : 0;
      for (let i = 0; i < inF; i++) acc += x.data[r * inF + i] * w.data[o * inF + i];
      out[r * outF + o] = acc;
    }
  }
  return nd([...x.shape.slice(0, -1), outF], out);
}

/** log(softmax(x)) along `axis`, through the max-shifted log-sum-exp. */
export function logSoftmax(x: Nd, axis = -1): Nd {
  const a = axisOf(axis, x.shape.length);
  const len = x.shape[a];
  const stride = rowStrides(x.shape)[a];
  const out = new Float64Array(x.data.length);
  const lanes = x.data.length / len;
  for (let lane = 0; lane < lanes; lane++) {
    // lane = outer·stride + inner; the lane's first element sits at outer·len·stride + inner.
    const start = Math.floor(lane / stride) * len * stride + (lane % stride);
    let max = -Infinity;
    for (let k = 0; k < len; k++) max = Math.max(max, x.data[start + k * stride]);
    let s = 0;
    for (let k = 0; k < len; k++) s += Math.exp(x.data[start + k * stride] - max);
    const lse = max + Math.log(s);
    for (let k = 0; k < len; k++) out[start + k * stride] = x.data[start + k * stride] - lse;
  }
  return nd(x.shape, out);
}

/** softmax along `axis`. */
export function softmax(x: Nd, axis = -1): Nd {
  const ls = logSoftmax(x, axis);
  return nd(x.shape, ls.data.map(Math.exp));
}

/** Options of the reference conv2d, as torch.nn.functional.conv2d. */
export interface RefConvOptions {
  stride?: RefPair;
  padding?: RefPair | 'same' | 'valid';
  dilation?: RefPair;
}

/** Cross-correlation: x [N, C, H, W], w [O, C, KH, KW], b [O] -> [N, O, OH, OW]. */
export function conv2d(x: Nd, w: Nd, b: Nd | null, opts: RefConvOptions = {}): Nd {
  const [N, C, H, W] = x.shape;
  const [O, , KH, KW] = w.shape;
  const [sh, sw] = two(opts.stride ?? 1);
  const [dh, dw] = two(opts.dilation ?? 1);
  const padding = opts.padding ?? 0;
  let top: number;
  let left: number;
  let bottom: number;
  let right: number;
  if (padding === 'same') {
    // PyTorch: the odd leftover of the total padding goes to the bottom/right.
    top = Math.floor((dh * (KH - 1)) / 2);
    bottom = dh * (KH - 1) - top;
    left = Math.floor((dw * (KW - 1)) / 2);
    right = dw * (KW - 1) - left;
  } else if (padding === 'valid') {
    top = bottom = left = right = 0;
  } else {
    [top, left] = two(padding);
    [bottom, right] = [top, left];
  }
  const OH = Math.floor((H + top + bottom - dh * (KH - 1) - 1) / sh) + 1;
  const OW = Math.floor((W + left + right - dw * (KW - 1) - 1) / sw) + 1;
  const out = new Float64Array(N * O * OH * OW);
  let i = 0;
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++, i++) {
          let acc = b ? b.data[o] : 0;
          for (let c = 0; c < C; c++) {
            for (let kh = 0; kh < KH; kh++) {
              const ih = oh * sh - top + kh * dh;
              if (ih < 0 || ih >= H) continue;
              for (let kw = 0; kw < KW; kw++) {
                const iw = ow * sw - left + kw * dw;
                if (iw < 0 || iw >= W) continue;
                acc +=
                  x.data[((n * C + c) * H + ih) * W + iw] *
                  w.data[((o * C + c) * KH + kh) * KW + kw];
              }
            }
          }
          out[i] = acc;
        }
      }
    }
  }
  return nd([N, O, OH, OW], out);
}

/** Options of the reference pools, as torch.nn.functional.max_pool2d / avg_pool2d. */
export interface RefPoolOptions {
  kernelSize: RefPair;
  stride?: RefPair;
  padding?: RefPair;
  ceilMode?: boolean;
  countIncludePad?: boolean;
}

// PyTorch's pooling_output_shape: with ceil_mode the last window must start inside the input
// or its left padding, never wholly in the right padding.
function pooledLength(len: number, k: number, s: number, p: number, ceil: boolean): number {
  let out = Math.floor((len + 2 * p - (k - 1) - 1 + (ceil ? s - 1 : 0)) / s) + 1;
  if (ceil && (out - 1) * s >= len + p) out--;
  return out;
}

function pool(
  x: Nd,
  opts: RefPoolOptions,
  window: (plane: number, h0: number, w0: number) => number,
): Nd {
  const [N, C, H, W] = x.shape;
  const [kh, kw] = two(opts.kernelSize);
  const [sh, sw] = two(opts.stride ?? opts.kernelSize);
  const [ph, pw] = two(opts.padding ?? 0);
  const OH = pooledLength(H, kh, sh, ph, opts.ceilMode ?? false);
  const OW = pooledLength(W, kw, sw, pw, opts.ceilMode ?? false);
  const out = new Float64Array(N * C * OH * OW);
  let i = 0;
  for (let plane = 0; plane < N * C; plane++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) out[i++] = window(plane, oh * sh - ph, ow * sw - pw);
    }
  }
  return nd([N, C, OH, OW], out);
}

/** Max pooling; padding is −∞ so it never wins. x [N, C, H, W] -> [N, C, OH, OW]. */
export function maxPool2d(x: Nd, opts: RefPoolOptions): Nd {
  const [, , H, W] = x.shape;
  const [kh, kw] = two(opts.kernelSize);
  return pool(x, opts, (plane, h0, w0) => {
    let best = -Infinity;
    for (let h = Math.max(h0, 0); h < Math.min(h0 + kh, H); h++) {
      for (let w = Math.max(w0, 0); w < Math.min(w0 + kw, W); w++) {
        best = Math.max(best, x.data[(plane * H + h) * W + w]);
      }
    }
    return best;
  });
}

/** Average pooling; count_include_pad counts the padding (not the overhang of ceil mode). */
export function avgPool2d(x: Nd, opts: RefPoolOptions): Nd {
  const [, , H, W] = x.shape;
  const [kh, kw] = two(opts.kernelSize);
  const [ph, pw] = two(opts.padding ?? 0);
  return pool(x, opts, (plane, h0, w0) => {
    // PyTorch: the divisor window is clipped to the padded input, the summed one to the input.
    const h1 = Math.min(h0 + kh, H + ph);
    const w1 = Math.min(w0 + kw, W + pw);
    const padded = (h1 - h0) * (w1 - w0);
    let s = 0;
    let inside = 0;
    for (let h = Math.max(h0, 0); h < Math.min(h1, H); h++) {
      for (let w = Math.max(w0, 0); w < Math.min(w1, W); w++) {
        s += x.data[(plane * H + h) * W + w];
        inside++;
      }
    }
    return s / ((opts.countIncludePad ?? true) ? padded : inside);
  });
}

/** Options of the reference batch norm, PyTorch's defaults. */
export interface RefBatchNormOptions {
  training: boolean;
  momentum?: number;
  eps?: number;
}

/**
 * Batch norm over axis 1 of x [N, C, ...] -> [out, new running mean, new running var].
 * Training normalises with the biased batch variance and folds the unbiased one into the running var.
 */
export function batchNorm(
  x: Nd,
  runningMean: Nd,
  runningVar: Nd,
  weight: Nd | null,
  bias: Nd | null,
  opts: RefBatchNormOptions,
): [Nd, Nd, Nd] {
  const C = x.shape[1];
  const momentum = opts.momentum ?? 0.1;
  const eps = opts.eps ?? 1e-5;
  const channelOf = (i: number) => unravel(i, x.shape)[1];
  const mean = new Float64Array(C);
  const variance = new Float64Array(C);
  const count = x.data.length / C;
  for (let i = 0; i < x.data.length; i++) mean[channelOf(i)] += x.data[i] / count;
  for (let i = 0; i < x.data.length; i++) {
    const c = channelOf(i);
    variance[c] += (x.data[i] - mean[c]) ** 2 / count;
  }
  const useMean = opts.training ? mean : runningMean.data;
  const useVar = opts.training ? variance : runningVar.data;
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < x.data.length; i++) {
    const c = channelOf(i);
    const normalized = (x.data[i] - useMean[c]) / Math.sqrt(useVar[c] + eps);
    out[i] = normalized * (weight ? weight.data[c] : 1) + (bias ? bias.data[c] : 0);
  }
  const newMean = runningMean.data.slice();
  const newVar = runningVar.data.slice();
  if (opts.training) {
    for (let c = 0; c < C; c++) {
      newMean[c] = (1 - momentum) * newMean[c] + momentum * mean[c];
      newVar[c] = (1 - momentum) * newVar[c] + (momentum * variance[c] * count) / (count - 1);
    }
  }
  return [nd(x.shape, out), nd([C], newMean), nd([C], newVar)];
}

/** float32 one-hot rows: labels [...S] -> [...S, depth]. */
export function oneHot(labels: Nd, depth: number): Nd {
  const out = new Float64Array(labels.data.length * depth);
  labels.data.forEach((k, i) => {
    out[i * depth + k] = 1;
  });
  return nd([...labels.shape, depth], out);
}

/** How per-sample losses are combined. */
export type RefReduction = 'mean' | 'sum' | 'none';

function reduceLosses(losses: Float64Array, shape: readonly number[], reduction: RefReduction): Nd {
  if (reduction === 'none') return nd(shape, losses);
  const total = losses.reduce((s, v) => s + v, 0);
  return nd([], Float64Array.of(reduction === 'sum' ? total : total / losses.length));
}

/** Options of the reference cross-entropy, as torch.nn.functional.cross_entropy. */
export interface RefCrossEntropyOptions {
  reduction?: RefReduction;
  labelSmoothing?: number;
}

/** −Σ_k t_k·log softmax(x)_k with t = (1 − ε)·onehot + ε/K: logits [N, K], labels [N]. */
export function crossEntropy(logits: Nd, labels: Nd, opts: RefCrossEntropyOptions = {}): Nd {
  const [N, K] = logits.shape;
  const eps = opts.labelSmoothing ?? 0;
  const ls = logSoftmax(logits, 1);
  const losses = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    let loss = 0;
    for (let k = 0; k < K; k++) {
      const target = (k === labels.data[n] ? 1 - eps : 0) + eps / K;
      loss -= target * ls.data[n * K + k];
    }
    losses[n] = loss;
  }
  return reduceLosses(losses, [N], opts.reduction ?? 'mean');
}

/** Mean squared error, as torch.nn.functional.mse_loss. */
export function mse(input: Nd, target: Nd, reduction: RefReduction = 'mean'): Nd {
  const sq = input.data.map((v, i) => (v - target.data[i]) ** 2);
  return reduceLosses(sq, input.shape, reduction);
}
