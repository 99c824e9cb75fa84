// Functional forms of the layers beyond the seed's: transposed and 1-D convolution, layer and
// group norm, adaptive average pooling and embedding lookup. convTranspose2d runs the existing
// convolution kernels the other way round; the rest are compositions of differentiable ops.
import { record } from '../autograd.js';
import { runKernel } from '../engine.js';
import { type Conv2DOptions, conv2dInfo, type Pair } from '../shape/conv.js';
import { normalizeAxis, showShape, sizeOf } from '../shape/shape.js';
import { Tensor } from '../tensor.js';
import { add, div, equal, mul, sub } from './arithmetic.js';
import { conv2d } from './conv.js';
import { matmul } from './matmul.js';
import { asFloat, asTensor } from './operand.js';
import { binary } from './raw.js';
import { mean, reduceRaw } from './reduce.js';
import { reshape } from './reshape.js';
import { indexSelect, where } from './select.js';
import { sqrt, square } from './unary.js';

const pairOf = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

/** Options of convTranspose2d, as torch.nn.functional.conv_transpose2d (groups = 1). */
export interface ConvTranspose2dOptions {
  stride?: Pair;
  padding?: Pair;
  /** Extra rows/columns on the bottom/right of the output (below max(stride, dilation)). */
  outputPadding?: Pair;
  dilation?: Pair;
}

/**
 * Transposed 2-D convolution (the gradient of conv2d with respect to its input).
 * x: [N, Cin, H, W], w: [Cin, Cout, KH, KW], bias: [Cout] -> [N, Cout, OH, OW] with
 * OH = (H − 1)·stride − 2·padding + dilation·(KH − 1) + outputPadding + 1
 * @example
 * ```ts
 * const x = randn([1, 8, 7, 7]);
 * const w = randn([8, 4, 3, 3]); // [C_in, C_out, KH, KW]
 * const y = nn.functional.convTranspose2d(x, w, null, { stride: 2, padding: 1, outputPadding: 1 });
 * console.log(y.shape); // doubles H and W: → [ 1, 4, 14, 14 ]
 * ```
 */
export function convTranspose2d(
  x: Tensor,
  w: Tensor,
  bias?: Tensor | null,
  opts: ConvTranspose2dOptions = {},
): Tensor {
  const input = asFloat('convTranspose2d', x);
  const weight = asFloat('convTranspose2d', w, 'weight');
  if (input.rank !== 4 || weight.rank !== 4 || weight.shape[0] !== input.shape[1]) {
    throw new Error(
      `convTranspose2d: expected x [N, Cin, H, W] and weight [Cin, Cout, KH, KW], got ${showShape(input.shape)} and ${showShape(weight.shape)}`,
    );
  }
  const [sh, sw] = pairOf(opts.stride ?? 1);
  const [ph, pw] = pairOf(opts.padding ?? 0);
  const [oph, opw] = pairOf(opts.outputPadding ?? 0);
  const [dh, dw] = pairOf(opts.dilation ?? 1);
  if (!(oph < Math.max(sh, dh) && opw < Math.max(sw, dw) && oph >= 0 && opw >= 0)) {
    throw new Error(
      `convTranspose2d: outputPadding [${oph}, ${opw}] must be below max(stride, dilation) on each axis`,
    );
  }
  const [n, , h, wd] = input.shape;
  const [, cout, kh, kw] = weight.shape;
  const oh = (h - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1;
  const ow = (wd - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1;
  if (oh < 1 || ow < 1) {
    throw new Error(
      `convTranspose2d: the output would be ${oh}×${ow} for input ${showShape(input.shape)}`,
    );
  }
  // The forward convolution this transposes: from [N, Cout, OH, OW] back to [N, Cin, H, W].
  const conv = conv2dInfo([n, cout, oh, ow], weight.shape, {
    stride: [sh, sw],
    padding: [ph, pw],
    dilation: [dh, dw],
  });
  if (bias && (bias.rank !== 1 || bias.shape[0] !== cout)) {
    throw new Error(`convTranspose2d: bias ${showShape(bias.shape)} must be [${cout}]`);
  }
  const raw = runKernel('Conv2DBackpropInput', { dy: input, w: weight }, { conv });
  const out = bias ? binary('add', raw, bias.viewAs([1, cout, 1, 1])) : raw;
  if (bias) raw.dispose();
  const inputs = bias ? [input, weight, bias] : [input, weight];
  return record('convTranspose2d', inputs, out, [input, weight], (dy, [input, weight]) => [
    input.requiresGrad ? runKernel('Conv2D', { x: dy, w: weight }, { conv }) : null,
    weight.requiresGrad ? runKernel('Conv2DBackpropFilter', { x: dy, dy: input }, { conv }) : null,
    bias?.requiresGrad ? reduceRaw('sum', dy, [0, 2, 3], false) : null,
  ]);
}

/** Options of conv1d, as torch.nn.functional.conv1d (groups = 1). */
export interface Conv1dOptions {
  stride?: number;
  padding?: number | 'same' | 'valid';
  dilation?: number;
}

/**
 * 1-D convolution (cross-correlation), run as a 2-D one of height 1.
 * x: [N, C, L], w: [O, C, K], bias: [O] -> [N, O, OL]
 */
export function conv1d(
  x: Tensor,
  w: Tensor,
  bias?: Tensor | null,
  opts: Conv1dOptions = {},
): Tensor {
  const input = asFloat('conv1d', x);
  const weight = asFloat('conv1d', w, 'weight');
  if (input.rank !== 3 || weight.rank !== 3) {
    throw new Error(
      `conv1d: expected x [N, C, L] and weight [O, C, K], got ${showShape(input.shape)} and ${showShape(weight.shape)}`,
    );
  }
  const padding = opts.padding ?? 0;
  const conv: Conv2DOptions = {
    stride: [1, opts.stride ?? 1],
    padding: typeof padding === 'string' ? padding : [0, padding],
    dilation: [1, opts.dilation ?? 1],
  };
  const [n, c, l] = input.shape;
  const [o, , k] = weight.shape;
  const y = conv2d(reshape(input, [n, c, 1, l]), reshape(weight, [o, c, 1, k]), bias, conv);
  return reshape(y, [n, o, y.shape[3]]);
}

/**
 * Layer normalisation over the last axes (those of `normalizedShape`), as
 * torch.nn.functional.layer_norm: (x − mean)/√(var + eps)·weight + bias, biased variance.
 * x: [..., *normalizedShape], weight/bias: normalizedShape
 */
export function layerNorm(
  x: Tensor,
  normalizedShape: readonly number[],
  weight?: Tensor | null,
  bias?: Tensor | null,
  eps = 1e-5,
): Tensor {
  const t = asFloat('layerNorm', x);
  const k = normalizedShape.length;
  if (k === 0 || k > t.rank || normalizedShape.some((d, i) => d !== t.shape[t.rank - k + i])) {
    throw new Error(
      `layerNorm: normalizedShape ${showShape(normalizedShape)} must be the trailing axes of x ${showShape(t.shape)}`,
    );
  }
  const axes = Array.from({ length: k }, (_, i) => t.rank - k + i);
  let y = normalize(t, axes, eps);
  if (weight) y = mul(y, weight);
  if (bias) y = add(y, bias);
  return y;
}

// (x − mean)/√(var + eps) over `axes`, with the biased variance.
function normalize(t: Tensor, axes: readonly number[], eps: number): Tensor {
  const centred = sub(t, mean(t, axes, true));
  const variance = mean(square(centred), axes, true);
  return div(centred, sqrt(add(variance, eps)));
}

/**
 * Group normalisation, as torch.nn.functional.group_norm: channels split into `numGroups`
 * groups, each normalised over its channels and all positions; then a per-channel affine.
 * x: [N, C, ...], weight/bias: [C]
 */
export function groupNorm(
  x: Tensor,
  numGroups: number,
  weight?: Tensor | null,
  bias?: Tensor | null,
  eps = 1e-5,
): Tensor {
  const t = asFloat('groupNorm', x);
  if (t.rank < 2 || !Number.isInteger(numGroups) || numGroups < 1 || t.shape[1] % numGroups !== 0) {
    throw new Error(
      `groupNorm: x ${showShape(t.shape)} must be [N, C, ...] with C divisible by numGroups ${numGroups}`,
    );
  }
  const [n, c] = t.shape;
  const grouped = reshape(t, [n, numGroups, -1]);
  let y = reshape(normalize(grouped, [2], eps), t.shape);
  const perChannel = [1, c, ...t.shape.slice(2).map(() => 1)];
  if (weight) y = mul(y, reshape(weight, perChannel));
  if (bias) y = add(y, reshape(bias, perChannel));
  return y;
}

/** PyTorch's adaptive pooling matrix: row i averages input positions floor(i·in/out) .. ceil((i+1)·in/out). */
function poolingMatrix(out: number, size: number, backend: Tensor['backend']): Tensor {
  const m = new Float32Array(out * size);
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * size) / out);
    const end = Math.ceil(((i + 1) * size) / out);
    for (let j = start; j < end; j++) m[i * size + j] = 1 / (end - start);
  }
  return Tensor.fromValues(m, [out, size], 'float32', backend);
}

/**
 * Adaptive average pooling to a fixed output size, as torch.nn.functional.adaptive_avg_pool2d
 * (windows floor(i·H/OH) .. ceil((i+1)·H/OH)), computed as two products with averaging matrices.
 * x: [N, C, H, W] (or [C, H, W]) -> [N, C, OH, OW]; a null size keeps that axis.
 */
export function adaptiveAvgPool2d(
  x: Tensor,
  outputSize: number | readonly [number | null, number | null],
): Tensor {
  const t = asFloat('adaptiveAvgPool2d', x);
  if (t.rank !== 3 && t.rank !== 4) {
    throw new Error(
      `adaptiveAvgPool2d: x must be [N, C, H, W] or [C, H, W], got ${showShape(t.shape)}`,
    );
  }
  const [h, w] = t.shape.slice(-2);
  const [oh, ow] =
    typeof outputSize === 'number'
      ? [outputSize, outputSize]
      : [outputSize[0] ?? h, outputSize[1] ?? w];
  if (![oh, ow].every((v) => Number.isInteger(v) && v >= 1)) {
    throw new Error(
      `adaptiveAvgPool2d: output size must be positive integers, got ${String(outputSize)}`,
    );
  }
  const rows = poolingMatrix(oh, h, t.backend);
  const colsT = poolingMatrix(ow, w, t.backend);
  // [.., H, W] @ colsᵀ [W, OW] -> [.., H, OW]; rows [OH, H] @ that -> [.., OH, OW]
  const across = matmul(t, reshape(transposed(colsT), [w, ow]));
  return matmul(rows, across);
}

function transposed(m: Tensor): Tensor {
  return runKernel('Transpose', { x: m }, { perm: [1, 0], outShape: [m.shape[1], m.shape[0]] });
}

/**
 * Looks up rows of `weight` at int32 `indices`, as torch.nn.functional.embedding. Rows at
 * `paddingIdx` get no gradient. indices: [...S], weight: [V, D] -> [...S, D]
 */
export function embedding(indices: Tensor, weight: Tensor, paddingIdx?: number | null): Tensor {
  const idx = asTensor('embedding', indices, 'indices');
  const w = asFloat('embedding', weight, 'weight');
  if (idx.dtype !== 'int32') throw new Error(`embedding: indices must be int32, got ${idx.dtype}`);
  if (w.rank !== 2) throw new Error(`embedding: weight must be [V, D], got ${showShape(w.shape)}`);
  const flat = reshape(idx, [sizeOf(idx.shape)]);
  let rows = indexSelect(w, 0, flat);
  if (paddingIdx !== undefined && paddingIdx !== null) {
    const p = normalizeAxis('embedding', paddingIdx, w.shape[0]);
    // Same values, but the padding rows' gradient is cut off (their output comes from a detached copy).
    const isPad = reshape(equal(flat, p), [-1, 1]);
    rows = where(isPad, rows.detach(), rows);
  }
  return reshape(rows, [...idx.shape, w.shape[1]]);
}
