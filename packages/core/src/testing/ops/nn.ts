// Neural-network ops: matrix products, softmax, convolutions, pooling, normalisation, embeddings.
// One declaration per op (see ../define.ts): its attributes, inputs, engine call, float64
// reference and cases; the conformance suite is derived from these.
import { runKernel } from '../../engine.js';
import * as dn from '../../index.js';
import * as layers from '../../ops/layers.js';
import { BN, BN_GRAD, DEEP_DOT, POOL_WINDOWS } from '../common-cases.js';
import { type ConvAttrs, defineOp, type PoolAttrs } from '../define.js';
import * as lib from '../reference/library.js';
import * as ref from '../reference.js';

/** The nn ops' declarations. */
export const NN_OPS = [
  defineOp({
    name: 'matmul',
    grad: true,
    engine: ([a, b]) => dn.matmul(a, b),
    reference: ([a, b]) => ref.matmul(a, b),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5], [5, 4]]),
      row([[1, 7], [7, 1]]),
      row([[2, 3, 5], [5, 4]]),
      row([[3, 5], [2, 5, 4]]),
      row([[2, 1, 3, 4], [3, 4, 2]]),
      row([[1, 2, 3], [1, 3, 2]]),
      row([[4], [4, 3]]),
      row([[3, 4], [4]]),
      row([[5], [5]]),
      row([[2, 3, 4], [4]]),
      // Past the CPU gemm's 4×4 register blocks and 256-deep panels.
      row([[9, 300], [300, 7]], {}, { tol: DEEP_DOT }),
      row([[2, 13, 17], [2, 17, 11]]),
    ],
  }),
  /** Kernel-level: MatMul on [B, M, K]-style operands, each batch 1 or shared, either transposed. */
  defineOp({
    name: 'matmulTransposed',
    grad: false,
    engine: ([a, b], t: { transposeA: boolean; transposeB: boolean }) =>
      runKernel('MatMul', { a, b }, t),
    reference: ([a, b], t) =>
      ref.matmul(t.transposeA ? ref.transpose(a) : a, t.transposeB ? ref.transpose(b) : b),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      // The kernel's four transpose modes with batch broadcasting; ops never ask for both at once.
      row([[3, 5, 4], [1, 4, 6]], { transposeA: false, transposeB: false }),
      row([[1, 4, 5], [3, 4, 6]], { transposeA: true, transposeB: false }),
      row([[3, 5, 4], [3, 6, 4]], { transposeA: false, transposeB: true }),
      row([[2, 4, 5], [1, 6, 4]], { transposeA: true, transposeB: true }),
      row([[1, 7, 9], [1, 9, 7]], { transposeA: true, transposeB: true }),
    ],
  }),
  defineOp({
    name: 'linear',
    grad: true,
    engine: ([x, w, b]) => dn.linear(x, w, b),
    reference: ([x, w, b]) => ref.linear(x, w, b ?? null),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[4, 6], [3, 6], [3]]),
      row([[2, 3, 6], [5, 6], [5]]),
      row([[6], [3, 6], [3]]),
      row([[5, 7], [2, 7]]),
      row([[1, 10], [10, 10], [10]]),
    ],
  }),
  defineOp({
    name: 'softmax',
    grad: true,
    engine: ([x], a: { axis?: number }) => dn.softmax(x, a.axis),
    reference: ([x], a) => ref.softmax(x, a.axis),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]]),
      row([[2, 3, 4]], { axis: 1 }),
      row([[2, 3, 4]], { axis: 0 }),
      row([[7]]),
      row([[1, 1]]),
      row([[3, 6]], {}, { tag: 'wide', kinds: ['wide'] }),
    ],
  }),
  defineOp({
    name: 'logSoftmax',
    grad: true,
    engine: ([x], a: { axis?: number }) => dn.logSoftmax(x, a.axis),
    reference: ([x], a) => ref.logSoftmax(x, a.axis),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]]),
      row([[2, 3, 4]], { axis: -2 }),
      row([[2, 3, 4]], { axis: 0 }),
      row([[3, 6]], {}, { tag: 'wide', kinds: ['wide'] }),
    ],
  }),
  defineOp({
    name: 'conv2d',
    grad: true,
    engine: ([x, w, b], a: ConvAttrs) => dn.conv2d(x, w, b, a),
    reference: ([x, w, b], a) => ref.conv2d(x, w, b ?? null, a),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[1, 1, 5, 5], [1, 1, 3, 3]]),
      row([[2, 3, 7, 6], [4, 3, 3, 3], [4]], { padding: 1 }),
      row([[1, 3, 8, 9], [5, 3, 3, 3], [5]], { stride: 2 }),
      row([[2, 3, 9, 7], [2, 3, 3, 2]], { stride: [2, 1], padding: [1, 0] }),
      row([[1, 2, 9, 9], [3, 2, 3, 3]], { dilation: 2 }),
      row([[1, 2, 10, 8], [3, 2, 3, 3], [3]], { stride: 2, padding: 2, dilation: [2, 1] }),
      row([[2, 5, 6, 5], [6, 5, 1, 1], [6]]),
      row([[1, 3, 6, 6], [2, 3, 1, 1]], { stride: 2 }),
      row([[1, 2, 6, 7], [3, 2, 3, 3], [3]], { padding: 'same' }),
      // An even kernel under 'same': the odd leftover of the padding goes to the bottom/right.
      row([[1, 2, 6, 5], [2, 2, 4, 2]], { padding: 'same' }),
      row([[1, 1, 7, 6], [2, 1, 2, 3]], { padding: 'same', dilation: [3, 1] }),
      row([[2, 2, 5, 6], [3, 2, 2, 3]], { padding: 'valid' }),
      row([[2, 7, 5, 5], [5, 7, 3, 3], [5]], { padding: 1 }),
      row([[1, 1, 4, 4], [1, 1, 5, 5]], { padding: 2 }),
      row([[2, 3, 4, 4], [3, 3, 4, 4], [3]]),
      row([[3, 1, 6, 5], [2, 1, 3, 3]], { stride: 3, padding: 1 }),
    ],
  }),
  /** Inputs: x [N, C, L], w [O, C, K], optional bias. */
  defineOp({
    name: 'conv1d',
    grad: true,
    engine: ([x, w, b], a: { stride?: number; padding?: number; dilation?: number }) =>
      layers.conv1d(x, w, b, a),
    reference: ([x, w, b], a) => lib.conv1d(x, w, b ?? null, a),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[2, 3, 9], [4, 3, 3], [4]]),
      row([[1, 2, 10], [3, 2, 4]], { stride: 2, padding: 1, dilation: 2 }),
    ],
  }),
  /** Inputs: x [N, Cin, H, W], w [Cin, Cout, KH, KW], optional bias. */
  defineOp({
    name: 'convTranspose2d',
    grad: true,
    engine: (
      [x, w, b],
      a: { stride?: number; padding?: number; outputPadding?: number; dilation?: number },
    ) => layers.convTranspose2d(x, w, b, a),
    reference: ([x, w, b], a) => lib.convTranspose2d(x, w, b ?? null, a),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[2, 3, 4, 5], [3, 2, 3, 3], [2]]),
      row([[1, 2, 3, 4], [2, 3, 3, 3]], { stride: 2, padding: 1, outputPadding: 1 }),
      row([[2, 2, 4, 3], [2, 1, 2, 2], [1]], { stride: 2 }),
      row([[1, 3, 3, 3], [3, 2, 3, 2], [2]], { dilation: 2, padding: 1 }),
    ],
  }),
  defineOp({
    name: 'maxPool2d',
    inputs: ['distinct'],
    grad: true,
    engine: ([x], a: PoolAttrs) => dn.maxPool2d(x, a),
    reference: ([x], a) => ref.maxPool2d(x, a),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      ...POOL_WINDOWS.map(([shape, window]) => row([shape], window)),
      row([[1, 2, 5, 5]], { kernelSize: 2 }, { grad: false, tag: 'no grad: indices freed' }),
    ],
  }),
  defineOp({
    name: 'avgPool2d',
    grad: true,
    engine: ([x], a: PoolAttrs) => dn.avgPool2d(x, a),
    reference: ([x], a) => ref.avgPool2d(x, a),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      ...POOL_WINDOWS.map(([shape, window]) => row([shape], window)),
      row([[1, 2, 5, 6]], { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false }),
      row([[1, 1, 6, 6]], { kernelSize: 2, padding: 1, ceilMode: true, countIncludePad: false }),
    ],
  }),
  defineOp({
    name: 'adaptiveAvgPool2d',
    grad: true,
    engine: ([x], a: { size: readonly [number, number] }) => layers.adaptiveAvgPool2d(x, a.size),
    reference: ([x], a) => lib.adaptiveAvgPool2d(x, a.size[0], a.size[1]),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[2, 3, 6, 6]], { size: [3, 2] }),
      row([[1, 2, 7, 5]], { size: [3, 3] }),
      row([[2, 2, 5, 4]], { size: [1, 1] }),
    ],
  }),
  /** Inputs: x, runningMean, runningVar, then weight and bias when `affine` (default true). */
  defineOp({
    name: 'batchNorm',
    inputs: ['normal', 'normal', 'positive', 'positive', 'normal'],
    grad: true,
    noGrad: [1, 2],
    // Returns the running statistics too: training updates them in place.
    engine: (
      [x, rm, rv, w, b],
      a: { training: boolean; momentum?: number; eps?: number; affine?: boolean },
    ) => [dn.batchNorm(x, rm, rv, w ?? null, b ?? null, a), rm, rv],
    reference: ([x, rm, rv, w, b], a) => ref.batchNorm(x, rm, rv, w ?? null, b ?? null, a),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[4, 3], [3], [3], [3], [3]], { training: true }, BN),
      row([[2, 3, 4, 5], [3], [3], [3], [3]], { training: true }, BN),
      row([[3, 5, 2, 3], [5], [5], [5], [5]], { training: true, momentum: 0.2, eps: 1e-3 }, BN),
      row([[1, 3, 2, 2], [3], [3], [3], [3]], { training: true }, BN),
      row([[2, 3, 3, 3], [3], [3]], { training: true, affine: false }, BN),
      row([[2, 3, 4, 4], [3], [3], [3], [3]], { training: false }),
      row([[5, 7], [7], [7], [7], [7]], { training: false }),
      row([[1, 2, 3, 3], [2], [2]], { training: false, affine: false }),
    ],
  }),
  /** Inputs: x, then weight and bias (shaped like the trailing `axes` axes) when given. */
  defineOp({
    name: 'layerNorm',
    grad: true,
    engine: ([x, w, b], a: { axes: number; eps?: number }) =>
      layers.layerNorm(x, x.shape.slice(x.rank - a.axes), w, b, a.eps),
    reference: ([x, w, b], a) => lib.layerNorm(x, a.axes, w ?? null, b ?? null, a.eps),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[4, 6], [6], [6]], { axes: 1 }, { gradTol: BN_GRAD }),
      row([[2, 3, 4]], { axes: 2 }, { gradTol: BN_GRAD }),
      row([[2, 3, 4], [3, 4], [3, 4]], { axes: 2, eps: 1e-3 }, { gradTol: BN_GRAD }),
    ],
  }),
  /** Inputs: x [N, C, ...], then weight and bias [C] when given. */
  defineOp({
    name: 'groupNorm',
    grad: true,
    engine: ([x, w, b], a: { groups: number; eps?: number }) =>
      layers.groupNorm(x, a.groups, w, b, a.eps),
    reference: ([x, w, b], a) => lib.groupNorm(x, a.groups, w ?? null, b ?? null, a.eps),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[2, 6, 3, 3], [6], [6]], { groups: 3 }, { gradTol: BN_GRAD }),
      row([[3, 4, 5], [4], [4]], { groups: 1 }, { gradTol: BN_GRAD }),
      row([[2, 4, 2, 2]], { groups: 4 }, { gradTol: BN_GRAD }),
    ],
  }),
  /** Inputs: int32 indices, weight [V, D]. */
  defineOp({
    name: 'embedding',
    inputs: ['labels', 'normal'],
    grad: true,
    engine: ([i, w], a: { paddingIdx?: number }) => layers.embedding(i, w, a.paddingIdx),
    reference: ([i, w]) => lib.embedding(i, w),
    labels: (shapes) => shapes[1][0],
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[2, 3], [7, 4]]),
      row([[5], [5, 3]], { paddingIdx: 0 }, { grad: false, tag: 'the padding row takes no gradient: see nn.test' }),
    ],
  }),
  /** Kernel-level: OneHot has no public op. */
  defineOp({
    name: 'oneHot',
    inputs: ['labels'],
    grad: false,
    engine: ([indices], a: { depth: number }) =>
      runKernel('OneHot', { indices }, { depth: a.depth }),
    reference: ([y], a) => ref.oneHot(y, a.depth),
    labels: (_, a) => a.depth,
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[5]], { depth: 4 }),
      row([[2, 3]], { depth: 6 }),
      row([[]], { depth: 3 }),
    ],
  }),
] as const;
