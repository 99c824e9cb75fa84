// Shapes and tolerances several op declarations share (ops/*.ts).
import type { Tolerance } from './compare.js';
import type { CaseExtras, PoolAttrs } from './define.js';

type Shape = readonly number[];

/** int32 operands. */
export const INT: CaseExtras = { tag: 'int32', kinds: ['int', 'int'] };

// Broadcasting on every axis: trailing, leading, both sides at once, scalars either side.
// biome-ignore format: a table reads best one row per line
export const BROADCASTS: readonly (readonly Shape[])[] = [
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
export const TRICKY_BROADCASTS: readonly (readonly Shape[])[] = [
  [[2, 3, 4, 5], [3, 1, 5]],
  [[7, 1, 1], [1, 5, 3]],
  [[2, 3, 1, 4], [3, 5, 1]],
  [[1, 1, 3], [2, 1, 1]],
  [[6, 1, 5], [6, 4, 1]],
  [[2, 3, 4], [1, 3, 1]],
  [[1, 2, 1, 2, 1], [2, 1, 2, 1, 2]],
  [[3, 1, 1], [1, 1, 1]],
];

/** Pooling windows both pools run: input shape and window. */
// biome-ignore format: a table reads best one row per line
export const POOL_WINDOWS: readonly (readonly [Shape, PoolAttrs])[] = [
  [[1, 1, 4, 4], { kernelSize: 2 }],
  [[2, 3, 7, 5], { kernelSize: 3, stride: 2, padding: 1 }],
  [[1, 2, 6, 6], { kernelSize: [2, 3], stride: [2, 1] }],
  [[1, 5, 5, 5], { kernelSize: 3, stride: 1, padding: 1 }],
  [[1, 1, 5, 5], { kernelSize: 2, stride: 2, ceilMode: true }],
  [[1, 2, 7, 6], { kernelSize: 3, stride: 2, padding: 1, ceilMode: true }],
  [[2, 3, 4, 5], { kernelSize: [4, 5] }],
  [[1, 3, 6, 7], { kernelSize: [3, 2], stride: [1, 2], padding: [1, 1] }],
];

/** Sums of 1024+ values. */
export const LONG_SUM: Tolerance & { why: string } = {
  rtol: 1e-4,
  atol: 1e-3,
  why: 'sums of 1024+ values: float32 accumulation error grows with the length',
};

/** Long dot products. */
export const DEEP_DOT: Tolerance & { why: string } = {
  rtol: 1e-4,
  atol: 1e-4,
  why: 'dot products of length 300 accumulate float32 rounding',
};

/** Normalisation gradients. */
export const BN_GRAD: Tolerance & { why: string } = {
  rtol: 1e-4,
  atol: 1e-4,
  why: 'the batch-norm input gradient subtracts two per-channel sums that nearly cancel',
};
/** A normalisation row's extras. */
export const BN: CaseExtras = { gradTol: BN_GRAD };

/** erf and gelu, whose kernels approximate erf. */
export const ERF: Tolerance & { why: string } = {
  rtol: 1e-5,
  atol: 2e-7,
  why: "the kernels' erf is Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7)",
};
