// Reference float64 maths of the library ops beyond the seed's: functions, selection, sorting,
// running sums, statistics, creation and the extra losses. Plain loops over Nd, written from the
// definitions (PyTorch's docs), sharing nothing with the engine's compositions.

import {
  axisOf,
  broadcastShape,
  broadcastSource,
  type Nd,
  nd,
  numel,
  ravel,
  unravel,
} from './nd.js';
import { logSoftmax } from './nn.js';
import { reduce } from './reduce.js';

type Reduction = 'mean' | 'sum' | 'none';

/**
 * erf: its Maclaurin series below |x| = 2.5, 1 − erfc by the continued fraction
 * erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) above (both float64-accurate).
 */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax >= 2.5) {
    let f = ax;
    for (let n = 80; n >= 1; n--) f = ax + n / 2 / f;
    return Math.sign(x) * (1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f);
  }
  // erf(x) = 2/√π · Σ (−1)ⁿ x^(2n+1) / (n! (2n+1))
  let term = x;
  let total = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    const add = term / (2 * n + 1);
    total += add;
    if (Math.abs(add) <= 1e-17 * Math.abs(total)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * total;
}

const FUNCTIONS = {
  sin: Math.sin,
  cos: Math.cos,
  erf,
  gelu: (x: number) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
  silu: (x: number) => x / (1 + Math.exp(-x)),
  // torch: x above the threshold 20, log(1 + e^x) below.
  softplus: (x: number) => (x > 20 ? x : Math.log1p(Math.exp(x))),
};

/** One of the library's elementwise functions. */
export function fn(name: keyof typeof FUNCTIONS, x: Nd): Nd {
  return nd(x.shape, x.data.map(FUNCTIONS[name]), x.dtype);
}

/** torch.clamp with optional bounds (max wins when min > max). */
export function clamp(x: Nd, min?: number | null, max?: number | null): Nd {
  const out = x.data.map((v) => {
    let w = v;
    if (min !== null && min !== undefined) w = Math.max(w, min);
    if (max !== null && max !== undefined) w = Math.min(w, max);
    return w;
  });
  const fractional = [min, max].some((v) => v !== null && v !== undefined && !Number.isInteger(v));
  return nd(x.shape, out, x.dtype === 'int32' && !fractional ? 'int32' : 'float32');
}

/** torch.where with broadcasting of all three. */
export function where(c: Nd, a: Nd, b: Nd): Nd {
  const shape = broadcastShape(broadcastShape(c.shape, a.shape), b.shape);
  const out = new Float64Array(numel(shape));
  for (let i = 0; i < out.length; i++) {
    const idx = unravel(i, shape);
    out[i] =
      c.data[broadcastSource(idx, c.shape)] !== 0
        ? a.data[broadcastSource(idx, a.shape)]
        : b.data[broadcastSource(idx, b.shape)];
  }
  return nd(shape, out, a.dtype === 'int32' && b.dtype === 'int32' ? 'int32' : 'float32');
}

/** torch.gather. */
export function gather(x: Nd, dim: number, index: Nd): Nd {
  const d = axisOf(dim, x.shape.length);
  const out = new Float64Array(numel(index.shape));
  for (let i = 0; i < out.length; i++) {
    const idx = unravel(i, index.shape);
    idx[d] = index.data[i];
    out[i] = x.data[ravel(idx, x.shape)];
  }
  return nd(index.shape, out, x.dtype);
}

/** torch.index_select. */
export function indexSelect(x: Nd, dim: number, index: Nd): Nd {
  const d = axisOf(dim, x.shape.length);
  const shape = x.shape.map((s, i) => (i === d ? index.data.length : s));
  const out = new Float64Array(numel(shape));
  for (let i = 0; i < out.length; i++) {
    const idx = unravel(i, shape);
    idx[d] = index.data[idx[d]];
    out[i] = x.data[ravel(idx, x.shape)];
  }
  return nd(shape, out, x.dtype);
}

/** One entry of a reference index: an integer, [start, stop, step] (nulls for defaults), or null (new axis). */
export type RefIndex = number | readonly [number | null, number | null, number | null] | null;

/** Python/PyTorch basic indexing x[...] (no ellipsis: callers spell every axis out). */
export function basicIndex(x: Nd, specs: readonly RefIndex[]): Nd {
  // Per input axis: the list of source positions, and whether the axis is kept.
  const picks: number[][] = [];
  const outShape: number[] = [];
  let axis = 0;
  for (const s of specs) {
    if (s === null) {
      outShape.push(1);
      continue;
    }
    const n = x.shape[axis];
    if (typeof s === 'number') {
      picks.push([s < 0 ? s + n : s]);
    } else {
      const step = s[2] ?? 1;
      const norm = (v: number | null, dflt: number) =>
        v === null ? dflt : Math.min(Math.max(v < 0 ? v + n : v, 0), n);
      const list: number[] = [];
      for (let i = norm(s[0], 0); i < norm(s[1], n); i += step) list.push(i);
      picks.push(list);
      outShape.push(list.length);
    }
    axis++;
  }
  for (; axis < x.shape.length; axis++) {
    picks.push(Array.from({ length: x.shape[axis] }, (_, i) => i));
    outShape.push(x.shape[axis]);
  }
  const sizes = picks.map((p) => p.length);
  const out = new Float64Array(numel(sizes));
  for (let i = 0; i < out.length; i++) {
    const idx = unravel(i, sizes).map((j, a) => picks[a][j]);
    out[i] = x.data[ravel(idx, x.shape)];
  }
  return nd(outShape, out, x.dtype);
}

/** torch.sort / torch.topk along dim: [values, int32 indices] of the first k in order. */
export function sortAlong(x: Nd, dim: number, descending: boolean, k?: number): [Nd, Nd] {
  const d = axisOf(dim, x.shape.length);
  const n = x.shape[d];
  const kk = k ?? n;
  const shape = x.shape.map((s, i) => (i === d ? kk : s));
  const values = new Float64Array(numel(shape));
  const indices = new Float64Array(numel(shape));
  const lineShape = x.shape.map((s, i) => (i === d ? 1 : s));
  for (let line = 0; line < numel(lineShape); line++) {
    const base = unravel(line, lineShape);
    const at = (j: number) =>
      x.data[
        ravel(
          base.map((v, i) => (i === d ? j : v)),
          x.shape,
        )
      ];
    const order = Array.from({ length: n }, (_, j) => j);
    // Insertion sort (stable), so it shares nothing with Array.prototype.sort's comparator use.
    for (let i = 1; i < n; i++) {
      const cur = order[i];
      let j = i - 1;
      while (j >= 0 && (descending ? at(order[j]) < at(cur) : at(order[j]) > at(cur))) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = cur;
    }
    for (let j = 0; j < kk; j++) {
      const o = ravel(
        base.map((v, i) => (i === d ? j : v)),
        shape,
      );
      values[o] = at(order[j]);
      indices[o] = order[j];
    }
  }
  return [nd(shape, values, x.dtype), nd(shape, indices, 'int32')];
}

/** torch.cumsum. */
export function cumsum(x: Nd, dim: number): Nd {
  if (x.shape.length === 0) return nd([], x.data.slice(), x.dtype);
  const d = axisOf(dim, x.shape.length);
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < out.length; i++) {
    const idx = unravel(i, x.shape);
    let total = 0;
    for (let j = 0; j <= idx[d]; j++)
      total +=
        x.data[
          ravel(
            idx.map((v, a) => (a === d ? j : v)),
            x.shape,
          )
        ];
    out[i] = total;
  }
  return nd(x.shape, out, x.dtype);
}

/** torch.logsumexp over axes (all when omitted), computed naively in float64 with the max taken out. */
export function logSumExp(x: Nd, axes?: number | readonly number[], keepDims = false): Nd {
  const m = reduce('max', x, axes, true);
  const shifted = nd(
    x.shape,
    x.data.map((v, i) => Math.exp(v - m.data[broadcastSource(unravel(i, x.shape), m.shape)])),
  );
  const s = reduce('sum', shifted, axes, keepDims);
  const mk = reduce('max', x, axes, keepDims);
  return nd(
    s.shape,
    s.data.map((v, i) => Math.log(v) + mk.data[i]),
  );
}

/** torch.var / torch.std over axes (all when omitted). */
export function variance(
  x: Nd,
  axes: number | readonly number[] | undefined,
  unbiased: boolean,
  keepDims: boolean,
  root: boolean,
): Nd {
  const mean = reduce('mean', x, axes, true);
  const count = x.data.length / Math.max(mean.data.length, 1);
  const sq = nd(
    x.shape,
    x.data.map((v, i) => (v - mean.data[broadcastSource(unravel(i, x.shape), mean.shape)]) ** 2),
  );
  const total = reduce('sum', sq, axes, keepDims);
  const div = unbiased ? count - 1 : count;
  return nd(
    total.shape,
    total.data.map((v) => (root ? Math.sqrt(v / div) : v / div)),
  );
}

/** torch.eye. */
export function eye(n: number, m: number): Nd {
  const out = new Float64Array(n * m);
  for (let i = 0; i < Math.min(n, m); i++) out[i * m + i] = 1;
  return nd([n, m], out);
}

/** torch.linspace (from the definition start + i·(end − start)/(steps − 1)). */
export function linspace(start: number, end: number, steps: number): Nd {
  const out = new Float64Array(steps);
  for (let i = 0; i < steps; i++)
    out[i] = steps === 1 ? start : start + (i * (end - start)) / (steps - 1);
  return nd([steps], out);
}

function reduced(
  losses: Float64Array,
  shape: readonly number[],
  reduction: Reduction,
  count?: number,
): Nd {
  if (reduction === 'none') return nd(shape, losses);
  let total = 0;
  for (const v of losses) total += v;
  return nd([], Float64Array.of(reduction === 'sum' ? total : total / (count ?? losses.length)));
}

/** F.nll_loss with ignore_index. */
export function nllLoss(x: Nd, labels: Nd, reduction: Reduction = 'mean', ignoreIndex = -100): Nd {
  const [N, K] = x.shape;
  const losses = new Float64Array(N);
  let count = 0;
  for (let n = 0; n < N; n++) {
    if (labels.data[n] === ignoreIndex) continue;
    losses[n] = -x.data[n * K + labels.data[n]];
    count++;
  }
  return reduced(losses, [N], reduction, count);
}

/** F.cross_entropy with ignore_index and label smoothing (integer labels). */
export function crossEntropyIgnore(
  logits: Nd,
  labels: Nd,
  reduction: Reduction,
  ignoreIndex: number,
  smoothing = 0,
): Nd {
  const [N, K] = logits.shape;
  const ls = logSoftmax(logits, 1);
  const losses = new Float64Array(N);
  let count = 0;
  for (let n = 0; n < N; n++) {
    if (labels.data[n] === ignoreIndex) continue;
    for (let k = 0; k < K; k++) {
      const t = (k === labels.data[n] ? 1 - smoothing : 0) + smoothing / K;
      losses[n] -= t * ls.data[n * K + k];
    }
    count++;
  }
  return reduced(losses, [N], reduction, count);
}

/** F.cross_entropy with probability targets. */
export function crossEntropyProbs(logits: Nd, target: Nd, reduction: Reduction, smoothing = 0): Nd {
  const [N, K] = logits.shape;
  const ls = logSoftmax(logits, 1);
  const losses = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const t = target.data[n * K + k] * (1 - smoothing) + smoothing / K;
      losses[n] -= t * ls.data[n * K + k];
    }
  }
  return reduced(losses, [N], reduction);
}

/** F.binary_cross_entropy (logs clamped at −100). */
export function binaryCrossEntropy(p: Nd, t: Nd, reduction: Reduction = 'mean'): Nd {
  const losses = p.data.map(
    (v, i) =>
      -(
        t.data[i] * Math.max(Math.log(v), -100) +
        (1 - t.data[i]) * Math.max(Math.log(1 - v), -100)
      ),
  );
  return reduced(losses, p.shape, reduction);
}

/** F.binary_cross_entropy_with_logits: −[t·log σ(x) + (1 − t)·log(1 − σ(x))], in a stable form. */
export function binaryCrossEntropyWithLogits(
  x: Nd,
  t: Nd,
  reduction: Reduction = 'mean',
  posWeight?: Nd,
): Nd {
  const losses = x.data.map((v, i) => {
    const w = posWeight ? posWeight.data[i % posWeight.data.length] : 1;
    // log σ(x) = −log(1 + e^−x), log(1 − σ(x)) = −x − log(1 + e^−x)
    const logSig = v >= 0 ? -Math.log1p(Math.exp(-v)) : v - Math.log1p(Math.exp(v));
    const logOneMinus = logSig - v;
    return -(w * t.data[i] * logSig + (1 - t.data[i]) * logOneMinus);
  });
  return reduced(losses, x.shape, reduction);
}

/** F.l1_loss. */
export function l1Loss(a: Nd, b: Nd, reduction: Reduction = 'mean'): Nd {
  return reduced(
    a.data.map((v, i) => Math.abs(v - b.data[i])),
    a.shape,
    reduction,
  );
}

/** F.smooth_l1_loss. */
export function smoothL1Loss(a: Nd, b: Nd, reduction: Reduction = 'mean', beta = 1): Nd {
  const losses = a.data.map((v, i) => {
    const d = Math.abs(v - b.data[i]);
    return d < beta ? (0.5 * d * d) / beta : d - 0.5 * beta;
  });
  return reduced(losses, a.shape, reduction);
}

/** An int32 tensor with a number, or int32 with float32: PyTorch's promoted result. */
export function promoted(
  op: 'add' | 'sub' | 'mul' | 'equal' | 'greater',
  a: Nd,
  b: Nd | number,
): Nd {
  const other =
    typeof b === 'number'
      ? nd([], Float64Array.of(b), Number.isInteger(b) ? a.dtype : 'float32')
      : b;
  const shape = broadcastShape(a.shape, other.shape);
  const f = {
    add: (p: number, q: number) => p + q,
    sub: (p: number, q: number) => p - q,
    mul: (p: number, q: number) => p * q,
    equal: (p: number, q: number) => +(p === q),
    greater: (p: number, q: number) => +(p > q),
  }[op];
  const out = new Float64Array(numel(shape));
  for (let i = 0; i < out.length; i++) {
    const idx = unravel(i, shape);
    out[i] = f(
      a.data[broadcastSource(idx, a.shape)],
      other.data[broadcastSource(idx, other.shape)],
    );
  }
  const comparison = op === 'equal' || op === 'greater';
  const dtype = !comparison && a.dtype === 'int32' && other.dtype === 'int32' ? 'int32' : 'float32';
  return nd(shape, out, dtype);
}

/** F.conv_transpose2d (groups 1) by scattering each input element through the kernel. */
export function convTranspose2d(
  x: Nd,
  w: Nd,
  b: Nd | null,
  o: { stride?: number; padding?: number; outputPadding?: number; dilation?: number },
): Nd {
  const [N, Ci, H, W] = x.shape;
  const [, Co, KH, KW] = w.shape;
  const s = o.stride ?? 1;
  const p = o.padding ?? 0;
  const d = o.dilation ?? 1;
  const op = o.outputPadding ?? 0;
  const OH = (H - 1) * s - 2 * p + d * (KH - 1) + op + 1;
  const OW = (W - 1) * s - 2 * p + d * (KW - 1) + op + 1;
  const out = new Float64Array(N * Co * OH * OW);
  for (let n = 0; n < N; n++)
    for (let co = 0; co < Co; co++)
      for (let i = 0; i < OH * OW; i++) out[(n * Co + co) * OH * OW + i] = b ? b.data[co] : 0;
  for (let n = 0; n < N; n++)
    for (let ci = 0; ci < Ci; ci++)
      for (let ih = 0; ih < H; ih++)
        for (let iw = 0; iw < W; iw++) {
          const v = x.data[((n * Ci + ci) * H + ih) * W + iw];
          for (let co = 0; co < Co; co++)
            for (let kh = 0; kh < KH; kh++)
              for (let kw = 0; kw < KW; kw++) {
                const oh = ih * s - p + kh * d;
                const ow = iw * s - p + kw * d;
                if (oh < 0 || oh >= OH || ow < 0 || ow >= OW) continue;
                out[((n * Co + co) * OH + oh) * OW + ow] +=
                  v * w.data[((ci * Co + co) * KH + kh) * KW + kw];
              }
        }
  return nd([N, Co, OH, OW], out);
}

/** F.conv1d (groups 1) with numeric padding. */
export function conv1d(
  x: Nd,
  w: Nd,
  b: Nd | null,
  o: { stride?: number; padding?: number; dilation?: number },
): Nd {
  const [N, C, L] = x.shape;
  const [O, , K] = w.shape;
  const s = o.stride ?? 1;
  const p = o.padding ?? 0;
  const d = o.dilation ?? 1;
  const OL = Math.floor((L + 2 * p - d * (K - 1) - 1) / s) + 1;
  const out = new Float64Array(N * O * OL);
  for (let n = 0; n < N; n++)
    for (let oc = 0; oc < O; oc++)
      for (let ol = 0; ol < OL; ol++) {
        let acc = b ? b.data[oc] : 0;
        for (let c = 0; c < C; c++)
          for (let k = 0; k < K; k++) {
            const l = ol * s - p + k * d;
            if (l >= 0 && l < L) acc += x.data[(n * C + c) * L + l] * w.data[(oc * C + c) * K + k];
          }
        out[(n * O + oc) * OL + ol] = acc;
      }
  return nd([N, O, OL], out);
}

/** Normalises consecutive blocks of `block` values (biased variance), then applies scale(i)/shift(i). */
function normalizeBlocks(
  x: Nd,
  block: number,
  eps: number,
  affine: (i: number) => [number, number],
): Nd {
  const out = new Float64Array(x.data.length);
  for (let start = 0; start < x.data.length; start += block) {
    let m = 0;
    for (let i = 0; i < block; i++) m += x.data[start + i];
    m /= block;
    let v = 0;
    for (let i = 0; i < block; i++) v += (x.data[start + i] - m) ** 2;
    v /= block;
    for (let i = 0; i < block; i++) {
      const [g, b] = affine(start + i);
      out[start + i] = ((x.data[start + i] - m) / Math.sqrt(v + eps)) * g + b;
    }
  }
  return nd(x.shape, out);
}

/** F.layer_norm over the trailing axes of size `block` (weight/bias of that many values). */
export function layerNorm(x: Nd, k: number, w: Nd | null, b: Nd | null, eps = 1e-5): Nd {
  const block = numel(x.shape.slice(x.shape.length - k));
  return normalizeBlocks(x, block, eps, (i) => [
    w ? w.data[i % block] : 1,
    b ? b.data[i % block] : 0,
  ]);
}

/** F.group_norm. */
export function groupNorm(x: Nd, groups: number, w: Nd | null, b: Nd | null, eps = 1e-5): Nd {
  const C = x.shape[1];
  const spatial = numel(x.shape.slice(2));
  const block = (C / groups) * spatial;
  return normalizeBlocks(x, block, eps, (i) => {
    const c = Math.floor(i / spatial) % C;
    return [w ? w.data[c] : 1, b ? b.data[c] : 0];
  });
}

/** F.adaptive_avg_pool2d on [N, C, H, W]. */
export function adaptiveAvgPool2d(x: Nd, oh: number, ow: number): Nd {
  const [N, C, H, W] = x.shape;
  const out = new Float64Array(N * C * oh * ow);
  for (let nc = 0; nc < N * C; nc++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++) {
        const h0 = Math.floor((i * H) / oh);
        const h1 = Math.ceil(((i + 1) * H) / oh);
        const w0 = Math.floor((j * W) / ow);
        const w1 = Math.ceil(((j + 1) * W) / ow);
        let acc = 0;
        for (let h = h0; h < h1; h++)
          for (let w = w0; w < w1; w++) acc += x.data[(nc * H + h) * W + w];
        out[(nc * oh + i) * ow + j] = acc / ((h1 - h0) * (w1 - w0));
      }
  return nd([N, C, oh, ow], out);
}

/** F.embedding: rows of weight at each index. */
export function embedding(indices: Nd, weight: Nd): Nd {
  const D = weight.shape[1];
  const out = new Float64Array(indices.data.length * D);
  indices.data.forEach((v, i) => {
    for (let d = 0; d < D; d++) out[i * D + d] = weight.data[v * D + d];
  });
  return nd([...indices.shape, D], out);
}
