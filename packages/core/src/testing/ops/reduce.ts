// Reductions along axes, scans and sorting.
// One declaration per op (see ../define.ts): its attributes, inputs, engine call, float64
// reference and cases; the conformance suite is derived from these.
import * as dn from '../../index.js';
import { INT, LONG_SUM } from '../common-cases.js';
import { type ArgAttrs, defineOp, type ReduceAttrs } from '../define.js';
import * as lib from '../reference/library.js';
import * as ref from '../reference.js';

/** The reduce ops' declarations. */
export const REDUCE_OPS = [
  defineOp({
    name: 'sum',
    grad: true,
    engine: ([x], a: ReduceAttrs) => dn.sum(x, a.axes, a.keepDims),
    reference: ([x], a) => ref.reduce('sum', x, a.axes, a.keepDims),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 4]], { axes: 1 }, INT),
      row([[3, 5]]),
      row([[]]),
      row([[3, 5]], { axes: 0 }),
      row([[3, 5]], { axes: -1, keepDims: true }),
      row([[2, 3, 4]], { axes: [0, 2], keepDims: true }),
      row([[2, 3, 4]], { axes: [-3, -1] }),
      row([[2, 3, 4, 2]], { axes: [0, 2] }),
      row([[2, 1, 3]], { axes: [1] }),
      row([[2, 3, 4, 5]], { axes: [1, 2] }),
      row([[4096]], {}, { tol: LONG_SUM }),
      row([[1024, 3]], { axes: 0 }, { tol: LONG_SUM }),
    ],
  }),
  defineOp({
    name: 'mean',
    grad: true,
    engine: ([x], a: ReduceAttrs) => dn.mean(x, a.axes, a.keepDims),
    reference: ([x], a) => ref.reduce('mean', x, a.axes, a.keepDims),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]]),
      row([[2, 3, 4]], { axes: 1, keepDims: true }),
      row([[2, 3, 4]], { axes: [-1, 0] }),
      row([[]]),
    ],
  }),
  defineOp({
    name: 'max',
    inputs: ['distinct'],
    grad: true,
    engine: ([x], a: ReduceAttrs) => dn.max(x, a.axes, a.keepDims),
    reference: ([x], a) => ref.reduce('max', x, a.axes, a.keepDims),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 4]], { axes: 0 }, INT),
      row([[3, 5]]),
      row([[3, 5]], { axes: 1 }),
      row([[2, 3, 4]], { axes: [0, 2], keepDims: true }),
      row([[2, 3, 4]], { axes: -2 }),
      row([[2, 3, 4, 2]], { axes: [1, 3] }),
      row([[]]),
    ],
  }),
  defineOp({
    name: 'min',
    inputs: ['distinct'],
    grad: true,
    engine: ([x], a: ReduceAttrs) => dn.min(x, a.axes, a.keepDims),
    reference: ([x], a) => ref.reduce('min', x, a.axes, a.keepDims),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]]),
      row([[2, 3, 4]], { axes: 0, keepDims: true }),
      row([[2, 3, 4]], { axes: [-1, -2] }),
    ],
  }),
  defineOp({
    name: 'argmax',
    inputs: ['distinct'],
    grad: false,
    engine: ([x], a: ArgAttrs) => dn.argmax(x, a.axis, a.keepDims),
    reference: ([x], a) => ref.argReduce('argmax', x, a.axis, a.keepDims),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 4]], { axis: 1 }, INT),
      row([[3, 5]]),
      row([[3, 5]], { axis: 1 }),
      row([[2, 3, 4]], { axis: -1, keepDims: true }),
      row([[2, 3, 4]], { axis: 0 }),
      row([[2, 3, 4]], { keepDims: true }),
      row([[]]),
      row([[4, 6]], { axis: 1 }, { tag: 'ties: first wins', kinds: ['coarse'] }),
    ],
  }),
  defineOp({
    name: 'argmin',
    inputs: ['distinct'],
    grad: false,
    engine: ([x], a: ArgAttrs) => dn.argmin(x, a.axis, a.keepDims),
    reference: ([x], a) => ref.argReduce('argmin', x, a.axis, a.keepDims),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]]),
      row([[3, 5]], { axis: 0 }),
      row([[2, 3, 4]], { axis: -2, keepDims: true }),
      row([[4, 6]], { axis: 1 }, { tag: 'ties: first wins', kinds: ['coarse'] }),
    ],
  }),
  defineOp({
    name: 'logSumExp',
    grad: true,
    engine: ([x], a: ReduceAttrs) => dn.logSumExp(x, a.axes, a.keepDims),
    reference: ([x], a) => lib.logSumExp(x, a.axes, a.keepDims),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]], { axes: 1 }),
      row([[2, 3, 4]], { axes: [0, 2], keepDims: true }),
      row([[4, 6]]),
      row([[3, 4]], { axes: -1 }, { tag: 'wide', kinds: ['wide'] }),
    ],
  }),
  defineOp({
    name: 'var',
    grad: true,
    engine: ([x], a: ReduceAttrs & { unbiased?: boolean }) =>
      dn.variance(x, a.axes, a.unbiased, a.keepDims),
    reference: ([x], a) => lib.variance(x, a.axes, a.unbiased ?? true, a.keepDims ?? false, false),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[4, 5]]),
      row([[4, 5]], { axes: 0 }),
      row([[3, 4, 2]], { axes: [1, 2], keepDims: true, unbiased: false }),
    ],
  }),
  defineOp({
    name: 'std',
    grad: true,
    engine: ([x], a: ReduceAttrs & { unbiased?: boolean }) =>
      dn.std(x, a.axes, a.unbiased, a.keepDims),
    reference: ([x], a) => lib.variance(x, a.axes, a.unbiased ?? true, a.keepDims ?? false, true),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[6, 3]], { axes: 1 }),
      row([[2, 3, 4]], { unbiased: false }),
    ],
  }),
  defineOp({
    name: 'cumsum',
    grad: true,
    engine: ([x], a: { dim: number }) => dn.cumsum(x, a.dim),
    reference: ([x], a) => lib.cumsum(x, a.dim),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]], { dim: 1 }),
      row([[4, 2, 3]], { dim: 0 }),
      row([[6]], { dim: -1 }),
      row([[3, 4]], { dim: 1 }, INT),
    ],
  }),
  defineOp({
    name: 'sort',
    inputs: ['distinct'],
    grad: true,
    engine: ([x], a: { dim?: number; descending?: boolean }) => dn.sort(x, a),
    reference: ([x], a) => lib.sortAlong(x, a.dim ?? -1, a.descending ?? false),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]]),
      row([[4, 3, 2]], { dim: 0, descending: true }),
      row([[6]], { descending: true }),
      row([[2, 6]], {}, { tag: 'ties keep their order', kinds: ['coarse'], grad: false }),
    ],
  }),
  defineOp({
    name: 'topk',
    inputs: ['distinct'],
    grad: true,
    engine: ([x], a: { k: number; dim?: number; largest?: boolean }) => dn.topk(x, a.k, a),
    reference: ([x], a) => lib.sortAlong(x, a.dim ?? -1, a.largest ?? true, a.k),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 6]], { k: 2 }),
      row([[5, 4]], { k: 3, dim: 0, largest: false }),
      row([[2, 3, 4]], { k: 4, dim: -1 }),
      row([[7]], { k: 0 }),
    ],
  }),
] as const;
