// The op cases: rows of (op, input shapes, attributes), shape-driven like tinygrad's test_ops.
// Each row runs through one helper (run-case.ts): forward against the float64 reference, then
// gradients against its central differences. Input values come from OP_INFO's kinds.
import type { Tolerance } from './compare.js';
import type { InputKind, OpAttrs, OpName } from './op-specs.js';

type Shape = readonly number[];

/** Per-row options: a name tag, input kinds, loosened tolerances (with a reason), no gradcheck. */
export interface CaseExtras {
  /** Appended to the generated name to tell rows with equal shapes apart. */
  readonly tag?: string;
  /** Input kinds overriding OP_INFO's defaults, by position. */
  readonly kinds?: readonly InputKind[];
  readonly tol?: Tolerance & { readonly why: string };
  readonly gradTol?: Tolerance & { readonly why: string };
  /** false: forward only. */
  readonly grad?: boolean;
}

/** A case of op K; `name` is stable (skips and seeds key on it). */
export interface CaseOf<K extends OpName> extends CaseExtras {
  readonly name: string;
  readonly op: K;
  readonly shapes: readonly Shape[];
  readonly attrs: OpAttrs[K];
}

/** One op case, of any op. */
export type Case = { [K in OpName]: CaseOf<K> }[OpName];

const show = (s: Shape) => `[${s.join(',')}]`;

function nameOf(op: string, shapes: readonly Shape[], attrs: object, tag?: string): string {
  const a = Object.keys(attrs).length > 0 ? ` ${JSON.stringify(attrs).replace(/"/g, '')}` : '';
  return `${op} ${shapes.map(show).join(' ')}${a}${tag ? ` (${tag})` : ''}`.replace(/ +/g, ' ');
}

type AttrArgs<K extends OpName> =
  Record<string, never> extends OpAttrs[K]
    ? [attrs?: OpAttrs[K], extras?: CaseExtras]
    : [attrs: OpAttrs[K], extras?: CaseExtras];

function row<K extends OpName>(
  op: K,
  shapes: readonly Shape[],
  ...[attrs, extras]: AttrArgs<K>
): Case {
  const a = (attrs ?? {}) as OpAttrs[K];
  return { op, shapes, attrs: a, ...extras, name: nameOf(op, shapes, a, extras?.tag) } as Case;
}

const UNARY = ['neg', 'exp', 'log', 'sqrt', 'abs', 'relu', 'sigmoid', 'tanh', 'square'] as const;
const ARITH = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum'] as const;
const COMPARE = ['equal', 'greater', 'greaterEqual', 'less', 'lessEqual'] as const;
const INT: CaseExtras = { tag: 'int32', kinds: ['int', 'int'] };

// Broadcasting on every axis: trailing, leading, both sides at once, scalars either side.
// biome-ignore format: a table reads best one row per line
const BROADCASTS: readonly (readonly Shape[])[] = [
  [[3, 5], [3, 5]],
  [[2, 1, 4], [3, 1]],
  [[1, 3, 1, 5], [2, 1, 4, 1]],
  [[4, 1], [1, 6]],
  [[2, 3], []],
  [[], [2, 3]],
  [[5], [3, 1]],
];

// Layouts a coalescing broadcast walker could merge wrongly.
// biome-ignore format: a table reads best one row per line
const TRICKY_BROADCASTS: readonly (readonly Shape[])[] = [
  [[2, 3, 4, 5], [3, 1, 5]],
  [[7, 1, 1], [1, 5, 3]],
  [[2, 3, 1, 4], [3, 5, 1]],
  [[1, 1, 3], [2, 1, 1]],
  [[6, 1, 5], [6, 4, 1]],
  [[2, 3, 4], [1, 3, 1]],
  [[1, 2, 1, 2, 1], [2, 1, 2, 1, 2]],
  [[3, 1, 1], [1, 1, 1]],
];

// biome-ignore format: a table reads best one row per line
const elementwise: Case[] = [
  ...UNARY.flatMap((op) => [row(op, [[3, 5]]), row(op, [[]]), row(op, [[2, 1, 3, 7]])]),
  row('sign', [[3, 5]]),
  row('leakyRelu', [[3, 5]]),
  row('leakyRelu', [[2, 9]], { alpha: 0.2 }),
  row('sigmoid', [[4, 6]], {}, { tag: 'wide', kinds: ['wide'] }),
  row('tanh', [[4, 6]], {}, { tag: 'wide', kinds: ['wide'] }),
  row('exp', [[2, 5]], {}, { tag: 'wide', kinds: ['wide'] }),
  row('step', [[3, 7]]),
  row('reciprocal', [[3, 7]]),
  ...ARITH.flatMap((op) => BROADCASTS.map((shapes) => row(op, shapes))),
  ...(['add', 'mul'] as const).flatMap((op) => TRICKY_BROADCASTS.map((shapes) => row(op, shapes))),
  row('sub', [[1], [4, 1, 1]]),
  row('div', [[4, 1, 5], [4, 3, 1]]),
  // Ties: PyTorch splits the gradient evenly, which is what central differences measure too.
  row('maximum', [[3, 5], [3, 5]], {}, { tag: 'ties', kinds: ['coarse', 'coarse'] }),
  row('minimum', [[2, 1, 4], [3, 1]], {}, { tag: 'ties', kinds: ['coarse', 'coarse'] }),
  ...COMPARE.flatMap((op) => [row(op, [[3, 5], [3, 5]]), row(op, [[2, 1, 4], [3, 1]]), row(op, [[4], []])]),
  row('broadcastTo', [[3, 1]], { shape: [2, 3, 4] }),
  row('broadcastTo', [[1, 4]], { shape: [3, 4] }),
  row('broadcastTo', [[]], { shape: [2, 2] }),
  row('broadcastTo', [[2, 1, 3]], { shape: [4, 2, 5, 3] }),
  row('full', [], { shape: [2, 3], value: 1.5 }),
  row('full', [], { shape: [], value: -2 }),
  row('full', [], { shape: [3, 1, 2], value: 0 }),
  row('full', [], { shape: [4], value: 7, dtype: 'int32' }),
  row('cast', [[3, 4]], { dtype: 'int32' }),
  row('cast', [[5]], { dtype: 'float32' }, { kinds: ['int'] }),
];

// int32 tensors through the kernels that take them.
// biome-ignore format: a table reads best one row per line
const int32: Case[] = [
  row('add', [[2, 3], [3]], {}, INT),
  row('sub', [[4, 1], [1, 3]], {}, INT),
  row('mul', [[2, 3], [2, 3]], {}, INT),
  row('maximum', [[2, 3], []], {}, INT),
  row('equal', [[3, 4], [4]], {}, INT),
  row('greater', [[3, 4], [3, 1]], {}, INT),
  row('neg', [[3, 4]], {}, INT),
  row('abs', [[3, 4]], {}, INT),
  row('sum', [[3, 4]], { axes: 1 }, INT),
  row('max', [[3, 4]], { axes: 0 }, INT),
  row('argmax', [[3, 4]], { axis: 1 }, INT),
  row('transpose', [[3, 4]], {}, INT),
  row('slice', [[4, 5]], { begin: [1, 2], size: [2, 3] }, INT),
  row('pad', [[2, 3]], { paddings: [[1, 0], [0, 2]] }, INT),
  row('concat', [[2, 3], [1, 3]], {}, INT),
];

const longSum: Tolerance & { why: string } = {
  rtol: 1e-4,
  atol: 1e-3,
  why: 'sums of 1024+ values: float32 accumulation error grows with the length',
};

// biome-ignore format: a table reads best one row per line
const reductions: Case[] = [
  row('sum', [[3, 5]]),
  row('sum', [[]]),
  row('sum', [[3, 5]], { axes: 0 }),
  row('sum', [[3, 5]], { axes: -1, keepDims: true }),
  row('sum', [[2, 3, 4]], { axes: [0, 2], keepDims: true }),
  row('sum', [[2, 3, 4]], { axes: [-3, -1] }),
  row('sum', [[2, 3, 4, 2]], { axes: [0, 2] }),
  row('sum', [[2, 1, 3]], { axes: [1] }),
  row('sum', [[2, 3, 4, 5]], { axes: [1, 2] }),
  row('sum', [[4096]], {}, { tol: longSum }),
  row('sum', [[1024, 3]], { axes: 0 }, { tol: longSum }),
  row('mean', [[3, 5]]),
  row('mean', [[2, 3, 4]], { axes: 1, keepDims: true }),
  row('mean', [[2, 3, 4]], { axes: [-1, 0] }),
  row('mean', [[]]),
  row('max', [[3, 5]]),
  row('max', [[3, 5]], { axes: 1 }),
  row('max', [[2, 3, 4]], { axes: [0, 2], keepDims: true }),
  row('max', [[2, 3, 4]], { axes: -2 }),
  row('max', [[2, 3, 4, 2]], { axes: [1, 3] }),
  row('max', [[]]),
  row('min', [[3, 5]]),
  row('min', [[2, 3, 4]], { axes: 0, keepDims: true }),
  row('min', [[2, 3, 4]], { axes: [-1, -2] }),
  row('argmax', [[3, 5]]),
  row('argmax', [[3, 5]], { axis: 1 }),
  row('argmax', [[2, 3, 4]], { axis: -1, keepDims: true }),
  row('argmax', [[2, 3, 4]], { axis: 0 }),
  row('argmax', [[2, 3, 4]], { keepDims: true }),
  row('argmax', [[]]),
  row('argmax', [[4, 6]], { axis: 1 }, { tag: 'ties: first wins', kinds: ['coarse'] }),
  row('argmin', [[3, 5]]),
  row('argmin', [[3, 5]], { axis: 0 }),
  row('argmin', [[2, 3, 4]], { axis: -2, keepDims: true }),
  row('argmin', [[4, 6]], { axis: 1 }, { tag: 'ties: first wins', kinds: ['coarse'] }),
];

// biome-ignore format: a table reads best one row per line
const layout: Case[] = [
  row('reshape', [[2, 3, 4]], { shape: [4, -1] }),
  row('flatten', [[2, 3, 4, 5]], { startDim: 1 }),
  row('flatten', [[2, 3, 4, 5]], { startDim: 1, endDim: 2 }),
  row('flatten', [[]]),
  row('permute', [[2, 3, 4]], { perm: [2, 0, 1] }),
  row('permute', [[1, 3, 1, 5]], { perm: [3, 1, 0, 2] }),
  row('permute', [[2, 1, 3, 1, 2]], { perm: [4, 2, 0, 3, 1] }),
  row('permute', [[3, 4, 5]], { perm: [-1, 0, 1] }),
  row('transpose', [[3, 5]]),
  row('transpose', [[2, 3, 4]], { dim0: 0, dim1: -1 }),
  row('transpose', [[1, 7]]),
  row('slice', [[5, 6]], { begin: [1, 2], size: [3, -1] }),
  row('slice', [[2, 3, 4]], { begin: [0, 1, 1], size: [2, 1, 2] }),
  row('slice', [[9]], { begin: [4] }),
  row('slice', [[]], { begin: [] }),
  row('slice', [[2, 3, 4, 5]], { begin: [1, 0, 2, 1], size: [1, 3, 2, 3] }),
  row('pad', [[3, 4]], { paddings: [[1, 2], [0, 3]] }),
  row('pad', [[2, 3, 4]], { paddings: [[0, 0], [2, 1], [1, 0]], value: -1.5 }),
  row('pad', [[5]], { paddings: [[3, 1]] }),
  row('pad', [[]], { paddings: [] }),
  row('pad', [[1, 2, 3, 3]], { paddings: [[0, 0], [0, 0], [1, 1], [1, 1]] }),
  row('concat', [[2, 3], [4, 3]]),
  row('concat', [[2, 3], [2, 1], [2, 4]], { axis: -1 }),
  row('concat', [[2, 1, 3], [2, 2, 3]], { axis: 1 }),
  row('concat', [[3], [1], [2]]),
  row('stack', [[3, 4], [3, 4]], { axis: 1 }),
  row('stack', [[2], [2], [2]]),
  row('stack', [[2, 3], [2, 3]], { axis: -1 }),
  row('clone', [[3, 4]]),
];

const deepDot: Tolerance & { why: string } = {
  rtol: 1e-4,
  atol: 1e-4,
  why: 'dot products of length 300 accumulate float32 rounding',
};

// biome-ignore format: a table reads best one row per line
const matrices: Case[] = [
  row('matmul', [[3, 5], [5, 4]]),
  row('matmul', [[1, 7], [7, 1]]),
  row('matmul', [[2, 3, 5], [5, 4]]),
  row('matmul', [[3, 5], [2, 5, 4]]),
  row('matmul', [[2, 1, 3, 4], [3, 4, 2]]),
  row('matmul', [[1, 2, 3], [1, 3, 2]]),
  row('matmul', [[4], [4, 3]]),
  row('matmul', [[3, 4], [4]]),
  row('matmul', [[5], [5]]),
  row('matmul', [[2, 3, 4], [4]]),
  // Past the CPU gemm's 4×4 register blocks and 256-deep panels.
  row('matmul', [[9, 300], [300, 7]], {}, { tol: deepDot }),
  row('matmul', [[2, 13, 17], [2, 17, 11]]),
  // The kernel's four transpose modes with batch broadcasting; ops never ask for both at once.
  row('matmulTransposed', [[3, 5, 4], [1, 4, 6]], { transposeA: false, transposeB: false }),
  row('matmulTransposed', [[1, 4, 5], [3, 4, 6]], { transposeA: true, transposeB: false }),
  row('matmulTransposed', [[3, 5, 4], [3, 6, 4]], { transposeA: false, transposeB: true }),
  row('matmulTransposed', [[2, 4, 5], [1, 6, 4]], { transposeA: true, transposeB: true }),
  row('matmulTransposed', [[1, 7, 9], [1, 9, 7]], { transposeA: true, transposeB: true }),
  row('linear', [[4, 6], [3, 6], [3]]),
  row('linear', [[2, 3, 6], [5, 6], [5]]),
  row('linear', [[6], [3, 6], [3]]),
  row('linear', [[5, 7], [2, 7]]),
  row('linear', [[1, 10], [10, 10], [10]]),
];

// biome-ignore format: a table reads best one row per line
const softmaxes: Case[] = [
  row('softmax', [[3, 5]]),
  row('softmax', [[2, 3, 4]], { axis: 1 }),
  row('softmax', [[2, 3, 4]], { axis: 0 }),
  row('softmax', [[7]]),
  row('softmax', [[1, 1]]),
  row('softmax', [[3, 6]], {}, { tag: 'wide', kinds: ['wide'] }),
  row('logSoftmax', [[3, 5]]),
  row('logSoftmax', [[2, 3, 4]], { axis: -2 }),
  row('logSoftmax', [[2, 3, 4]], { axis: 0 }),
  row('logSoftmax', [[3, 6]], {}, { tag: 'wide', kinds: ['wide'] }),
];

// biome-ignore format: a table reads best one row per line
const convolutions: Case[] = [
  row('conv2d', [[1, 1, 5, 5], [1, 1, 3, 3]]),
  row('conv2d', [[2, 3, 7, 6], [4, 3, 3, 3], [4]], { padding: 1 }),
  row('conv2d', [[1, 3, 8, 9], [5, 3, 3, 3], [5]], { stride: 2 }),
  row('conv2d', [[2, 3, 9, 7], [2, 3, 3, 2]], { stride: [2, 1], padding: [1, 0] }),
  row('conv2d', [[1, 2, 9, 9], [3, 2, 3, 3]], { dilation: 2 }),
  row('conv2d', [[1, 2, 10, 8], [3, 2, 3, 3], [3]], { stride: 2, padding: 2, dilation: [2, 1] }),
  row('conv2d', [[2, 5, 6, 5], [6, 5, 1, 1], [6]]),
  row('conv2d', [[1, 3, 6, 6], [2, 3, 1, 1]], { stride: 2 }),
  row('conv2d', [[1, 2, 6, 7], [3, 2, 3, 3], [3]], { padding: 'same' }),
  // An even kernel under 'same': the odd leftover of the padding goes to the bottom/right.
  row('conv2d', [[1, 2, 6, 5], [2, 2, 4, 2]], { padding: 'same' }),
  row('conv2d', [[1, 1, 7, 6], [2, 1, 2, 3]], { padding: 'same', dilation: [3, 1] }),
  row('conv2d', [[2, 2, 5, 6], [3, 2, 2, 3]], { padding: 'valid' }),
  row('conv2d', [[2, 7, 5, 5], [5, 7, 3, 3], [5]], { padding: 1 }),
  row('conv2d', [[1, 1, 4, 4], [1, 1, 5, 5]], { padding: 2 }),
  row('conv2d', [[2, 3, 4, 4], [3, 3, 4, 4], [3]]),
  row('conv2d', [[3, 1, 6, 5], [2, 1, 3, 3]], { stride: 3, padding: 1 }),
];

// biome-ignore format: a table reads best one row per line
const pools: Case[] = [
  ...(['maxPool2d', 'avgPool2d'] as const).flatMap((op) => [
    row(op, [[1, 1, 4, 4]], { kernelSize: 2 }),
    row(op, [[2, 3, 7, 5]], { kernelSize: 3, stride: 2, padding: 1 }),
    row(op, [[1, 2, 6, 6]], { kernelSize: [2, 3], stride: [2, 1] }),
    row(op, [[1, 5, 5, 5]], { kernelSize: 3, stride: 1, padding: 1 }),
    row(op, [[1, 1, 5, 5]], { kernelSize: 2, stride: 2, ceilMode: true }),
    row(op, [[1, 2, 7, 6]], { kernelSize: 3, stride: 2, padding: 1, ceilMode: true }),
    row(op, [[2, 3, 4, 5]], { kernelSize: [4, 5] }),
    row(op, [[1, 3, 6, 7]], { kernelSize: [3, 2], stride: [1, 2], padding: [1, 1] }),
  ]),
  row('maxPool2d', [[1, 2, 5, 5]], { kernelSize: 2 }, { grad: false, tag: 'no grad: indices freed' }),
  row('avgPool2d', [[1, 2, 5, 6]], { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false }),
  row('avgPool2d', [[1, 1, 6, 6]], { kernelSize: 2, padding: 1, ceilMode: true, countIncludePad: false }),
];

const bnGrad: Tolerance & { why: string } = {
  rtol: 1e-4,
  atol: 1e-4,
  why: 'the batch-norm input gradient subtracts two per-channel sums that nearly cancel',
};
const BN: CaseExtras = { gradTol: bnGrad };

// biome-ignore format: a table reads best one row per line
const networks: Case[] = [
  row('batchNorm', [[4, 3], [3], [3], [3], [3]], { training: true }, BN),
  row('batchNorm', [[2, 3, 4, 5], [3], [3], [3], [3]], { training: true }, BN),
  row('batchNorm', [[3, 5, 2, 3], [5], [5], [5], [5]], { training: true, momentum: 0.2, eps: 1e-3 }, BN),
  row('batchNorm', [[1, 3, 2, 2], [3], [3], [3], [3]], { training: true }, BN),
  row('batchNorm', [[2, 3, 3, 3], [3], [3]], { training: true, affine: false }, BN),
  row('batchNorm', [[2, 3, 4, 4], [3], [3], [3], [3]], { training: false }),
  row('batchNorm', [[5, 7], [7], [7], [7], [7]], { training: false }),
  row('batchNorm', [[1, 2, 3, 3], [2], [2]], { training: false, affine: false }),
  row('crossEntropy', [[4, 5], [4]]),
  row('crossEntropy', [[4, 5], [4]], { reduction: 'sum' }),
  row('crossEntropy', [[4, 5], [4]], { reduction: 'none' }),
  row('crossEntropy', [[6, 3], [6]], { labelSmoothing: 0.1 }),
  row('crossEntropy', [[7, 3], [7]], { labelSmoothing: 0.2, reduction: 'none' }),
  row('crossEntropy', [[1, 10], [1]]),
  row('crossEntropy', [[3, 4], [3]], {}, { tag: 'wide', kinds: ['wide', 'labels'] }),
  row('oneHot', [[5]], { depth: 4 }),
  row('oneHot', [[2, 3]], { depth: 6 }),
  row('oneHot', [[]], { depth: 3 }),
  row('mse', [[3, 4], [3, 4]]),
  row('mse', [[5], [5]], { reduction: 'sum' }),
  row('mse', [[2, 3], [2, 3]], { reduction: 'none' }),
  row('mse', [[], []]),
];

const PROMOTE = (v: number) => [
  row('scalarOp', [[2, 3]], { op: 'add', value: v }),
  row('scalarOp', [[2, 3]], { op: 'mul', value: v }),
  row('scalarOp', [[4]], { op: 'sub', value: v }),
  row('scalarOp', [[3, 2]], { op: 'equal', value: v }, { kinds: ['coarse'] }),
  row('scalarOp', [[3, 2]], { op: 'greater', value: v }),
];

// PyTorch's promotion: int32 with a non-integer number or a float32 tensor is float32.
// biome-ignore format: a table reads best one row per line
const promotion: Case[] = [
  ...PROMOTE(0.5),
  ...PROMOTE(1.9),
  ...PROMOTE(-2.5),
  ...PROMOTE(2),
  row('add', [[2, 3], [3]], {}, { tag: 'int32 + float32', kinds: ['int', 'normal'] }),
  row('mul', [[2, 3], [2, 1]], {}, { tag: 'float32 * int32', kinds: ['normal', 'int'] }),
  row('equal', [[2, 3], [3]], {}, { tag: 'int32 == float32', kinds: ['int', 'coarse'] }),
  row('maximum', [[4], [4]], {}, { tag: 'int32, float32', kinds: ['int', 'normal'] }),
];

const gelu: Tolerance & { why: string } = {
  rtol: 1e-5,
  atol: 2e-7,
  why: "the kernels' erf is Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7)",
};

// The library's ops beyond the seed's.
// biome-ignore format: a table reads best one row per line
const library: Case[] = [
  ...(['sin', 'cos', 'silu', 'softplus'] as const).flatMap((op) => [row(op, [[3, 5]]), row(op, [[]]), row(op, [[2, 9]], {}, { tag: 'wide', kinds: ['wide'] })]),
  ...(['erf', 'gelu'] as const).flatMap((op) => [row(op, [[3, 5]], {}, { tol: gelu, gradTol: gelu }), row(op, [[4, 6]], {}, { tag: 'wide', kinds: ['wide'], tol: gelu, gradTol: gelu })]),
  row('softplus', [[4]], {}, { tag: 'past the threshold', kinds: ['wide'] }),
  row('clamp', [[3, 5]], { min: -0.5, max: 0.7 }),
  row('clamp', [[4, 2]], { min: 0 }),
  row('clamp', [[6]], { max: -0.2 }),
  row('clamp', [[3, 4]], { min: -1, max: 2 }, INT),
  row('clamp', [[3, 4]], { min: -1.5, max: 2 }, { tag: 'int32, fractional bound', kinds: ['int'] }),
  row('where', [[3, 4], [3, 4], [3, 4]]),
  row('where', [[3, 1], [1, 4], []]),
  row('where', [[2, 3], [2, 3], [3]], {}, { tag: 'int32', kinds: ['mask', 'int', 'int'] }),
  row('whereKernel', [[2, 5], [2, 5], [2, 5]]),
  row('whereKernel', [[7], [7], [7]], {}, { tag: 'int32', kinds: ['mask', 'int', 'int'] }),
  row('maskedFill', [[3, 4], [3, 4]], { value: -1e9 }),
  row('maskedFill', [[2, 3, 4], [3, 1]], { value: 0.25 }),
  row('gather', [[3, 5], [3, 2]], { dim: 1 }),
  row('gather', [[4, 3], [6, 3]], { dim: 0 }),
  row('gather', [[2, 3, 4], [2, 2, 3]], { dim: -1 }),
  row('gather', [[3, 4], [2, 4]], { dim: 1 }, { tag: 'int32', kinds: ['int', 'labels'] }),
  row('indexSelect', [[5, 3], [4]], { dim: 0 }),
  row('indexSelect', [[2, 6, 3], [7]], { dim: 1 }),
  row('indexSelect', [[3, 4], [2]], { dim: -1 }),
  row('indexSelect', [[6, 2], [3]], { dim: 0 }, { tag: 'int32', kinds: ['int', 'labels'] }),
  row('index', [[4, 5]], { specs: [1] }),
  row('index', [[4, 5]], { specs: [-1, '1:-1'] }),
  row('index', [[6, 7]], { specs: ['::2', '1::3'] }),
  row('index', [[2, 3, 8]], { specs: ['...', '-5::2'] }),
  row('index', [[3, 4]], { specs: [':', null, 2] }),
  row('index', [[5, 4, 3]], { specs: ['1:4', '...', 0] }),
  row('index', [[5]], { specs: ['2:100'] }),
  row('index', [[5, 2]], { specs: ['4:1'] }),
  row('index', [[3, 5]], { specs: [0, '::4'] }, INT),
  row('sort', [[3, 5]]),
  row('sort', [[4, 3, 2]], { dim: 0, descending: true }),
  row('sort', [[6]], { descending: true }),
  row('sort', [[2, 6]], {}, { tag: 'ties keep their order', kinds: ['coarse'], grad: false }),
  row('topk', [[3, 6]], { k: 2 }),
  row('topk', [[5, 4]], { k: 3, dim: 0, largest: false }),
  row('topk', [[2, 3, 4]], { k: 4, dim: -1 }),
  row('topk', [[7]], { k: 0 }),
  row('cumsum', [[3, 5]], { dim: 1 }),
  row('cumsum', [[4, 2, 3]], { dim: 0 }),
  row('cumsum', [[6]], { dim: -1 }),
  row('cumsum', [[3, 4]], { dim: 1 }, INT),
  row('logSumExp', [[3, 5]], { axes: 1 }),
  row('logSumExp', [[2, 3, 4]], { axes: [0, 2], keepDims: true }),
  row('logSumExp', [[4, 6]]),
  row('logSumExp', [[3, 4]], { axes: -1 }, { tag: 'wide', kinds: ['wide'] }),
  row('var', [[4, 5]]),
  row('var', [[4, 5]], { axes: 0 }),
  row('var', [[3, 4, 2]], { axes: [1, 2], keepDims: true, unbiased: false }),
  row('std', [[6, 3]], { axes: 1 }),
  row('std', [[2, 3, 4]], { unbiased: false }),
  row('eye', [], { n: 3 }),
  row('eye', [], { n: 2, m: 4 }),
  row('linspace', [], { start: -1, end: 2, steps: 7 }),
  row('linspace', [], { start: 3, end: 3, steps: 1 }),
  row('linspace', [], { start: 0, end: 1, steps: 0 }),
  row('nllLoss', [[4, 5], [4]]),
  row('nllLoss', [[6, 3], [6]], { reduction: 'sum' }),
  row('nllLoss', [[5, 4], [5]], { reduction: 'none' }),
  row('nllLoss', [[8, 3], [8]], { ignoreIndex: 2 }),
  row('crossEntropy', [[8, 3], [8]], { ignoreIndex: 1 }),
  row('crossEntropy', [[8, 4], [8]], { ignoreIndex: 0, reduction: 'none' }),
  row('crossEntropy', [[6, 3], [6]], { ignoreIndex: 2, labelSmoothing: 0.1, reduction: 'sum' }),
  row('crossEntropyProbs', [[4, 5], [4, 5]]),
  row('crossEntropyProbs', [[3, 4], [3, 4]], { reduction: 'none', labelSmoothing: 0.2 }),
  row('binaryCrossEntropy', [[3, 4], [3, 4]]),
  row('binaryCrossEntropy', [[5], [5]], { reduction: 'none' }),
  row('binaryCrossEntropyWithLogits', [[3, 4], [3, 4]]),
  row('binaryCrossEntropyWithLogits', [[2, 5], [2, 5]], { reduction: 'sum' }, { tag: 'wide', kinds: ['wide', 'unit'] }),
  row('binaryCrossEntropyWithLogits', [[3, 4], [3, 4], [4]], { reduction: 'none' }),
  row('l1Loss', [[3, 4], [3, 4]]),
  row('l1Loss', [[5], [5]], { reduction: 'sum' }),
  row('smoothL1Loss', [[3, 4], [3, 4]]),
  row('smoothL1Loss', [[6], [6]], { beta: 0.5, reduction: 'none' }),
  row('smoothL1Loss', [[2, 3], [2, 3]], { beta: 0 }),
  row('convTranspose2d', [[2, 3, 4, 5], [3, 2, 3, 3], [2]]),
  row('convTranspose2d', [[1, 2, 3, 4], [2, 3, 3, 3]], { stride: 2, padding: 1, outputPadding: 1 }),
  row('convTranspose2d', [[2, 2, 4, 3], [2, 1, 2, 2], [1]], { stride: 2 }),
  row('convTranspose2d', [[1, 3, 3, 3], [3, 2, 3, 2], [2]], { dilation: 2, padding: 1 }),
  row('conv1d', [[2, 3, 9], [4, 3, 3], [4]]),
  row('conv1d', [[1, 2, 10], [3, 2, 4]], { stride: 2, padding: 1, dilation: 2 }),
  row('layerNorm', [[4, 6], [6], [6]], { axes: 1 }, { gradTol: bnGrad }),
  row('layerNorm', [[2, 3, 4]], { axes: 2 }, { gradTol: bnGrad }),
  row('layerNorm', [[2, 3, 4], [3, 4], [3, 4]], { axes: 2, eps: 1e-3 }, { gradTol: bnGrad }),
  row('groupNorm', [[2, 6, 3, 3], [6], [6]], { groups: 3 }, { gradTol: bnGrad }),
  row('groupNorm', [[3, 4, 5], [4], [4]], { groups: 1 }, { gradTol: bnGrad }),
  row('groupNorm', [[2, 4, 2, 2]], { groups: 4 }, { gradTol: bnGrad }),
  row('adaptiveAvgPool2d', [[2, 3, 6, 6]], { size: [3, 2] }),
  row('adaptiveAvgPool2d', [[1, 2, 7, 5]], { size: [3, 3] }),
  row('adaptiveAvgPool2d', [[2, 2, 5, 4]], { size: [1, 1] }),
  row('embedding', [[2, 3], [7, 4]]),
  row('embedding', [[5], [5, 3]], { paddingIdx: 0 }, { grad: false, tag: 'the padding row takes no gradient: see nn.test' }),
];

/** Every op case, in a fixed order. */
export const CASES: readonly Case[] = [
  ...elementwise,
  ...int32,
  ...reductions,
  ...layout,
  ...matrices,
  ...softmaxes,
  ...convolutions,
  ...pools,
  ...networks,
  ...promotion,
  ...library,
];
