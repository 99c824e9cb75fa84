// The float64 reference: plain loops over Float64Array + shape, sharing no code with any backend
// or with src/shape, keyed by the suite's op names so each case names the function that checks it.
import type { OpAttrs, OpName } from './op-specs.js';
import { adamState, adamStep } from './reference/adam.js';
import { binary, broadcastTo, cast, fill, unary } from './reference/elementwise.js';
import {
  concat,
  flatten,
  matmul,
  pad,
  permute,
  reshape,
  slice,
  stack,
  transpose,
} from './reference/layout.js';
import * as lib from './reference/library.js';
import type { Nd } from './reference/nd.js';
import {
  avgPool2d,
  batchNorm,
  conv2d,
  crossEntropy,
  linear,
  logSoftmax,
  maxPool2d,
  mse,
  oneHot,
  softmax,
} from './reference/nn.js';
import { argReduce, reduce } from './reference/reduce.js';

export type { RefAdamOptions, RefAdamState } from './reference/adam.js';
export type { Nd, RefDType } from './reference/nd.js';
export { nd, numel, unravel } from './reference/nd.js';
export {
  adamState,
  adamStep,
  argReduce,
  avgPool2d,
  batchNorm,
  binary,
  broadcastTo,
  cast,
  concat,
  conv2d,
  crossEntropy,
  fill,
  flatten,
  linear,
  logSoftmax,
  matmul,
  maxPool2d,
  mse,
  oneHot,
  pad,
  permute,
  reduce,
  reshape,
  slice,
  softmax,
  stack,
  transpose,
  unary,
};

/** A reference op: float64 inputs (in the case's order) and attributes -> one or more outputs. */
export type RefOp<K extends OpName> = (xs: readonly Nd[], attrs: OpAttrs[K]) => Nd | Nd[];

/** The reference of every op the suite checks. */
export const referenceOps: { readonly [K in OpName]: RefOp<K> } = {
  neg: ([x]) => unary('neg', x),
  exp: ([x]) => unary('exp', x),
  log: ([x]) => unary('log', x),
  sqrt: ([x]) => unary('sqrt', x),
  abs: ([x]) => unary('abs', x),
  sign: ([x]) => unary('sign', x),
  relu: ([x]) => unary('relu', x),
  leakyRelu: ([x], a) => unary('leakyRelu', x, a.alpha ?? 0.01),
  sigmoid: ([x]) => unary('sigmoid', x),
  tanh: ([x]) => unary('tanh', x),
  square: ([x]) => unary('square', x),
  step: ([x]) => unary('step', x),
  reciprocal: ([x]) => unary('reciprocal', x),
  add: ([a, b]) => binary('add', a, b),
  sub: ([a, b]) => binary('sub', a, b),
  mul: ([a, b]) => binary('mul', a, b),
  div: ([a, b]) => binary('div', a, b),
  pow: ([a, b]) => binary('pow', a, b),
  maximum: ([a, b]) => binary('maximum', a, b),
  minimum: ([a, b]) => binary('minimum', a, b),
  equal: ([a, b]) => binary('equal', a, b),
  greater: ([a, b]) => binary('greater', a, b),
  greaterEqual: ([a, b]) => binary('greaterEqual', a, b),
  less: ([a, b]) => binary('less', a, b),
  lessEqual: ([a, b]) => binary('lessEqual', a, b),
  broadcastTo: ([x], a) => broadcastTo(x, a.shape),
  full: (_, a) => fill(a.shape, a.value, a.dtype ?? 'float32'),
  cast: ([x], a) => cast(x, a.dtype),
  sum: ([x], a) => reduce('sum', x, a.axes, a.keepDims),
  mean: ([x], a) => reduce('mean', x, a.axes, a.keepDims),
  max: ([x], a) => reduce('max', x, a.axes, a.keepDims),
  min: ([x], a) => reduce('min', x, a.axes, a.keepDims),
  argmax: ([x], a) => argReduce('argmax', x, a.axis, a.keepDims),
  argmin: ([x], a) => argReduce('argmin', x, a.axis, a.keepDims),
  reshape: ([x], a) => reshape(x, a.shape),
  flatten: ([x], a) => flatten(x, a.startDim, a.endDim),
  permute: ([x], a) => permute(x, a.perm),
  transpose: ([x], a) => transpose(x, a.dim0, a.dim1),
  slice: ([x], a) => slice(x, a.begin, a.size),
  pad: ([x], a) => pad(x, a.paddings, a.value),
  concat: (xs, a) => concat(xs, a.axis),
  stack: (xs, a) => stack(xs, a.axis),
  clone: ([x]) => reshape(x, x.shape),
  matmul: ([a, b]) => matmul(a, b),
  matmulTransposed: ([a, b], t) =>
    matmul(t.transposeA ? transpose(a) : a, t.transposeB ? transpose(b) : b),
  linear: ([x, w, b]) => linear(x, w, b ?? null),
  softmax: ([x], a) => softmax(x, a.axis),
  logSoftmax: ([x], a) => logSoftmax(x, a.axis),
  conv2d: ([x, w, b], a) => conv2d(x, w, b ?? null, a),
  maxPool2d: ([x], a) => maxPool2d(x, a),
  avgPool2d: ([x], a) => avgPool2d(x, a),
  batchNorm: ([x, rm, rv, w, b], a) => batchNorm(x, rm, rv, w ?? null, b ?? null, a),
  crossEntropy: ([x, y], a) =>
    a.ignoreIndex === undefined
      ? crossEntropy(x, y, a)
      : lib.crossEntropyIgnore(x, y, a.reduction ?? 'mean', a.ignoreIndex, a.labelSmoothing),
  oneHot: ([y], a) => oneHot(y, a.depth),
  mse: ([a, b], attrs) => mse(a, b, attrs.reduction),
  sin: ([x]) => lib.fn('sin', x),
  cos: ([x]) => lib.fn('cos', x),
  erf: ([x]) => lib.fn('erf', x),
  gelu: ([x]) => lib.fn('gelu', x),
  silu: ([x]) => lib.fn('silu', x),
  softplus: ([x]) => lib.fn('softplus', x),
  clamp: ([x], a) => lib.clamp(x, a.min, a.max),
  where: ([c, a, b]) => lib.where(c, a, b),
  maskedFill: ([x, m], a) => lib.where(m, fill([], a.value), x),
  gather: ([x, i], a) => lib.gather(x, a.dim, i),
  indexSelect: ([x, i], a) => lib.indexSelect(x, a.dim, i),
  index: ([x], a) => lib.basicIndex(x, refSpecs(a.specs, x.shape.length)),
  sort: ([x], a) => lib.sortAlong(x, a.dim ?? -1, a.descending ?? false),
  topk: ([x], a) => lib.sortAlong(x, a.dim ?? -1, a.largest ?? true, a.k),
  cumsum: ([x], a) => lib.cumsum(x, a.dim),
  logSumExp: ([x], a) => lib.logSumExp(x, a.axes, a.keepDims),
  var: ([x], a) => lib.variance(x, a.axes, a.unbiased ?? true, a.keepDims ?? false, false),
  std: ([x], a) => lib.variance(x, a.axes, a.unbiased ?? true, a.keepDims ?? false, true),
  eye: (_, a) => lib.eye(a.n, a.m ?? a.n),
  linspace: (_, a) => lib.linspace(a.start, a.end, a.steps),
  whereKernel: ([c, a, b]) => lib.where(c, a, b),
  scalarOp: ([x], a) => lib.promoted(a.op, x, a.value),
  nllLoss: ([x, y], a) => lib.nllLoss(x, y, a.reduction, a.ignoreIndex),
  crossEntropyProbs: ([x, t], a) =>
    lib.crossEntropyProbs(x, t, a.reduction ?? 'mean', a.labelSmoothing),
  binaryCrossEntropy: ([p, t], a) => lib.binaryCrossEntropy(p, t, a.reduction),
  binaryCrossEntropyWithLogits: ([x, t, w], a) =>
    lib.binaryCrossEntropyWithLogits(x, t, a.reduction, w),
  l1Loss: ([x, y], a) => lib.l1Loss(x, y, a.reduction),
  smoothL1Loss: ([x, y], a) => lib.smoothL1Loss(x, y, a.reduction, a.beta),
  convTranspose2d: ([x, w, b], a) => lib.convTranspose2d(x, w, b ?? null, a),
  conv1d: ([x, w, b], a) => lib.conv1d(x, w, b ?? null, a),
  layerNorm: ([x, w, b], a) => lib.layerNorm(x, a.axes, w ?? null, b ?? null, a.eps),
  groupNorm: ([x, w, b], a) => lib.groupNorm(x, a.groups, w ?? null, b ?? null, a.eps),
  adaptiveAvgPool2d: ([x], a) => lib.adaptiveAvgPool2d(x, a.size[0], a.size[1]),
  embedding: ([i, w]) => lib.embedding(i, w),
};

/** The suite's index specs ('1:5:2', '...', integers, null) as the reference's tuples. */
function refSpecs(specs: readonly (number | string | null)[], rank: number): lib.RefIndex[] {
  const consuming = specs.filter((s) => s !== null && s !== '...').length;
  const out: lib.RefIndex[] = [];
  for (const s of specs) {
    if (s === '...') {
      for (let i = 0; i < rank - consuming; i++) out.push([null, null, null]);
    } else if (typeof s === 'string') {
      const [a, b, c] = s.split(':').map((p) => (p === '' || p === undefined ? null : Number(p)));
      out.push([a ?? null, b ?? null, c ?? null]);
    } else {
      out.push(s);
    }
  }
  return out;
}
