// The ops the suite checks: their attributes, the inputs they take, and which are differentiable.
// Engine calls (engine-ops.ts) and float64 references (reference.ts) are both keyed by these names.

/** A size for both spatial axes, or [height, width]. */
export type Pair = number | readonly [number, number];
type NoAttrs = Record<string, never>;
/** Reduction attributes: axes (all when omitted, negatives allowed) and keepDims. */
export interface ReduceAttrs {
  axes?: number | readonly number[];
  keepDims?: boolean;
}
/** argmax/argmin attributes: one axis (flattened when omitted). */
export interface ArgAttrs {
  axis?: number;
  keepDims?: boolean;
}
/** conv2d attributes, as torch.nn.functional.conv2d. */
export interface ConvAttrs {
  stride?: Pair;
  padding?: Pair | 'same' | 'valid';
  dilation?: Pair;
}
/** Pooling attributes, as torch.nn.functional.max_pool2d / avg_pool2d. */
export interface PoolAttrs {
  kernelSize: Pair;
  stride?: Pair;
  padding?: Pair;
  ceilMode?: boolean;
  countIncludePad?: boolean;
}
/** How per-sample losses are combined. */
export type LossReduction = 'mean' | 'sum' | 'none';

/** Every op the suite checks, with its attributes. */
export interface OpAttrs {
  neg: NoAttrs;
  exp: NoAttrs;
  log: NoAttrs;
  sqrt: NoAttrs;
  abs: NoAttrs;
  sign: NoAttrs;
  relu: NoAttrs;
  leakyRelu: { alpha?: number };
  sigmoid: NoAttrs;
  tanh: NoAttrs;
  square: NoAttrs;
  /** Kernel-level: Unary 'step' has no public op. */
  step: NoAttrs;
  /** Kernel-level: Unary 'reciprocal' has no public op. */
  reciprocal: NoAttrs;
  add: NoAttrs;
  sub: NoAttrs;
  mul: NoAttrs;
  div: NoAttrs;
  pow: NoAttrs;
  maximum: NoAttrs;
  minimum: NoAttrs;
  equal: NoAttrs;
  greater: NoAttrs;
  greaterEqual: NoAttrs;
  less: NoAttrs;
  lessEqual: NoAttrs;
  broadcastTo: { shape: readonly number[] };
  full: { shape: readonly number[]; value: number; dtype?: 'float32' | 'int32' };
  cast: { dtype: 'float32' | 'int32' };
  sum: ReduceAttrs;
  mean: ReduceAttrs;
  max: ReduceAttrs;
  min: ReduceAttrs;
  argmax: ArgAttrs;
  argmin: ArgAttrs;
  reshape: { shape: readonly number[] };
  flatten: { startDim?: number; endDim?: number };
  permute: { perm: readonly number[] };
  transpose: { dim0?: number; dim1?: number };
  slice: { begin: readonly number[]; size?: readonly number[] };
  pad: { paddings: readonly (readonly [number, number])[]; value?: number };
  concat: { axis?: number };
  stack: { axis?: number };
  clone: NoAttrs;
  matmul: NoAttrs;
  /** Kernel-level: MatMul on [B, M, K]-style operands, each batch 1 or shared, either transposed. */
  matmulTransposed: { transposeA: boolean; transposeB: boolean };
  linear: NoAttrs;
  softmax: { axis?: number };
  logSoftmax: { axis?: number };
  conv2d: ConvAttrs;
  maxPool2d: PoolAttrs;
  avgPool2d: PoolAttrs;
  /** Inputs: x, runningMean, runningVar, then weight and bias when `affine` (default true). */
  batchNorm: { training: boolean; momentum?: number; eps?: number; affine?: boolean };
  crossEntropy: { reduction?: LossReduction; labelSmoothing?: number; ignoreIndex?: number };
  /** Kernel-level: OneHot has no public op. */
  oneHot: { depth: number };
  mse: { reduction?: LossReduction };
  sin: NoAttrs;
  cos: NoAttrs;
  erf: NoAttrs;
  gelu: NoAttrs;
  silu: NoAttrs;
  softplus: NoAttrs;
  clamp: { min?: number | null; max?: number | null };
  /** Inputs: condition (0/1), a, b. */
  where: NoAttrs;
  /** Inputs: x, mask (0/1). */
  maskedFill: { value: number };
  /** Inputs: x, int32 index. */
  gather: { dim: number };
  /** Inputs: x, int32 1-D index. */
  indexSelect: { dim: number };
  /** PyTorch-style specs: integers, 'start:stop:step' strings, '...', null (new axis). */
  index: { specs: readonly (number | string | null)[] };
  sort: { dim?: number; descending?: boolean };
  topk: { k: number; dim?: number; largest?: boolean };
  cumsum: { dim: number };
  logSumExp: ReduceAttrs;
  var: ReduceAttrs & { unbiased?: boolean };
  std: ReduceAttrs & { unbiased?: boolean };
  eye: { n: number; m?: number };
  linspace: { start: number; end: number; steps: number };
  /** Kernel-level: Where with all three inputs of one shape. */
  whereKernel: NoAttrs;
  /** int32 (or float32) x op a number, with PyTorch's promotion. */
  scalarOp: { op: 'add' | 'sub' | 'mul' | 'equal' | 'greater'; value: number };
  nllLoss: { reduction?: LossReduction; ignoreIndex?: number };
  /** Inputs: logits [N, K], float32 target probabilities [N, K]. */
  crossEntropyProbs: { reduction?: LossReduction; labelSmoothing?: number };
  binaryCrossEntropy: { reduction?: LossReduction };
  /** Inputs: logits, targets, and posWeight when a third shape is given. */
  binaryCrossEntropyWithLogits: { reduction?: LossReduction };
  l1Loss: { reduction?: LossReduction };
  smoothL1Loss: { reduction?: LossReduction; beta?: number };
  /** Inputs: x [N, Cin, H, W], w [Cin, Cout, KH, KW], optional bias. */
  convTranspose2d: { stride?: number; padding?: number; outputPadding?: number; dilation?: number };
  /** Inputs: x [N, C, L], w [O, C, K], optional bias. */
  conv1d: { stride?: number; padding?: number; dilation?: number };
  /** Inputs: x, then weight and bias (shaped like the trailing `axes` axes) when given. */
  layerNorm: { axes: number; eps?: number };
  /** Inputs: x [N, C, ...], then weight and bias [C] when given. */
  groupNorm: { groups: number; eps?: number };
  adaptiveAvgPool2d: { size: readonly [number, number] };
  /** Inputs: int32 indices, weight [V, D]. */
  embedding: { paddingIdx?: number };
}

/** Name of an op the suite checks. */
export type OpName = keyof OpAttrs;

/**
 * How an input's values are drawn. Kinds keep gradient checks off non-differentiable points:
 * `nonzero` stays ≥ 0.1 away from 0 (relu, abs), `distinct` has no two values within 0.5/n of
 * each other (max, min, max-pool windows), `positive` lies in [0.5, 2) (log, sqrt, pow's base),
 * `mask` is 0 or 1 (conditions), `unit` lies in [0.05, 0.95] (probabilities).
 */
export type InputKind =
  | 'normal'
  | 'positive'
  | 'nonzero'
  | 'distinct'
  | 'coarse'
  | 'wide'
  | 'int'
  | 'labels'
  | 'mask'
  | 'unit';

/** Default input kinds and differentiability of one op. */
export interface OpInfo {
  /** Kind of each input by position (missing positions: 'normal'). */
  readonly kinds: readonly InputKind[];
  /** Inputs never differentiated (running statistics). */
  readonly noGrad?: readonly number[];
  readonly differentiable: boolean;
}

const plain = (differentiable = true, ...kinds: InputKind[]): OpInfo => ({ kinds, differentiable });

/** What the suite needs to know about each op to draw inputs and check gradients. */
export const OP_INFO: { readonly [K in OpName]: OpInfo } = {
  neg: plain(),
  exp: plain(),
  log: plain(true, 'positive'),
  sqrt: plain(true, 'positive'),
  abs: plain(true, 'nonzero'),
  sign: plain(false, 'nonzero'),
  relu: plain(true, 'nonzero'),
  leakyRelu: plain(true, 'nonzero'),
  sigmoid: plain(),
  tanh: plain(),
  square: plain(),
  step: plain(false, 'nonzero'),
  reciprocal: plain(false, 'nonzero'),
  add: plain(),
  sub: plain(),
  mul: plain(),
  div: plain(true, 'normal', 'nonzero'),
  pow: plain(true, 'positive', 'normal'),
  maximum: plain(),
  minimum: plain(),
  equal: plain(false, 'coarse', 'coarse'),
  greater: plain(false, 'coarse', 'coarse'),
  greaterEqual: plain(false, 'coarse', 'coarse'),
  less: plain(false, 'coarse', 'coarse'),
  lessEqual: plain(false, 'coarse', 'coarse'),
  broadcastTo: plain(),
  full: plain(false),
  cast: plain(false, 'wide'),
  sum: plain(),
  mean: plain(),
  max: plain(true, 'distinct'),
  min: plain(true, 'distinct'),
  argmax: plain(false, 'distinct'),
  argmin: plain(false, 'distinct'),
  reshape: plain(),
  flatten: plain(),
  permute: plain(),
  transpose: plain(),
  slice: plain(),
  pad: plain(),
  concat: plain(),
  stack: plain(),
  clone: plain(),
  matmul: plain(),
  matmulTransposed: plain(false),
  linear: plain(),
  softmax: plain(),
  logSoftmax: plain(),
  conv2d: plain(),
  maxPool2d: plain(true, 'distinct'),
  avgPool2d: plain(),
  batchNorm: {
    kinds: ['normal', 'normal', 'positive', 'positive', 'normal'],
    noGrad: [1, 2],
    differentiable: true,
  },
  crossEntropy: plain(true, 'normal', 'labels'),
  oneHot: plain(false, 'labels'),
  mse: plain(),
  sin: plain(),
  cos: plain(),
  erf: plain(),
  gelu: plain(),
  silu: plain(),
  softplus: plain(),
  clamp: plain(),
  where: { kinds: ['mask', 'normal', 'normal'], noGrad: [0], differentiable: true },
  maskedFill: { kinds: ['normal', 'mask'], noGrad: [1], differentiable: true },
  gather: plain(true, 'normal', 'labels'),
  indexSelect: plain(true, 'normal', 'labels'),
  index: plain(),
  sort: plain(true, 'distinct'),
  topk: plain(true, 'distinct'),
  cumsum: plain(),
  logSumExp: plain(),
  var: plain(),
  std: plain(),
  eye: plain(false),
  linspace: plain(false),
  whereKernel: plain(false, 'mask'),
  scalarOp: plain(false, 'int'),
  nllLoss: plain(true, 'normal', 'labels'),
  crossEntropyProbs: plain(true, 'normal', 'unit'),
  binaryCrossEntropy: plain(true, 'unit', 'unit'),
  binaryCrossEntropyWithLogits: plain(true, 'normal', 'unit', 'positive'),
  l1Loss: plain(true, 'nonzero', 'normal'),
  smoothL1Loss: plain(),
  convTranspose2d: plain(),
  conv1d: plain(),
  layerNorm: plain(),
  groupNorm: plain(),
  adaptiveAvgPool2d: plain(),
  embedding: plain(true, 'labels', 'normal'),
};

/** Every op name, in table order. */
export const OP_NAMES = Object.keys(OP_INFO) as OpName[];

/** The number of classes labels of this op are drawn from. */
export function labelClasses(
  op: OpName,
  shapes: readonly (readonly number[])[],
  attrs: unknown,
): number {
  if (op === 'crossEntropy' || op === 'nllLoss') return shapes[0][1];
  if (op === 'embedding') return shapes[1][0];
  if (op === 'gather' || op === 'indexSelect') {
    const dim = (attrs as { dim: number }).dim;
    return shapes[0][dim < 0 ? dim + shapes[0].length : dim];
  }
  if (op === 'oneHot') return (attrs as OpAttrs['oneHot']).depth;
  throw new Error(`conformance: op ${op} takes no labels`);
}
