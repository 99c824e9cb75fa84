// Losses, each with its reductions.
// One declaration per op (see ../define.ts): its attributes, inputs, engine call, float64
// reference and cases; the conformance suite is derived from these.
import * as dn from '../../index.js';
import { defineOp, type LossReduction } from '../define.js';
import * as lib from '../reference/library.js';
import * as ref from '../reference.js';

/** The loss ops' declarations. */
export const LOSS_OPS = [
  defineOp({
    name: 'crossEntropy',
    inputs: ['normal', 'labels'],
    grad: true,
    engine: (
      [x, y],
      a: { reduction?: LossReduction; labelSmoothing?: number; ignoreIndex?: number },
    ) => dn.crossEntropy(x, y, a),
    reference: ([x, y], a) =>
      a.ignoreIndex === undefined
        ? ref.crossEntropy(x, y, a)
        : lib.crossEntropyIgnore(x, y, a.reduction ?? 'mean', a.ignoreIndex, a.labelSmoothing),
    labels: (shapes) => shapes[0][1],
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[4, 5], [4]]),
      row([[4, 5], [4]], { reduction: 'sum' }),
      row([[4, 5], [4]], { reduction: 'none' }),
      row([[6, 3], [6]], { labelSmoothing: 0.1 }),
      row([[7, 3], [7]], { labelSmoothing: 0.2, reduction: 'none' }),
      row([[1, 10], [1]]),
      row([[3, 4], [3]], {}, { tag: 'wide', kinds: ['wide', 'labels'] }),
      row([[8, 3], [8]], { ignoreIndex: 1 }),
      row([[8, 4], [8]], { ignoreIndex: 0, reduction: 'none' }),
      row([[6, 3], [6]], { ignoreIndex: 2, labelSmoothing: 0.1, reduction: 'sum' }),
    ],
  }),
  /** Inputs: logits [N, K], float32 target probabilities [N, K]. */
  defineOp({
    name: 'crossEntropyProbs',
    inputs: ['normal', 'unit'],
    grad: true,
    engine: ([x, t], a: { reduction?: LossReduction; labelSmoothing?: number }) =>
      dn.crossEntropy(x, t, a),
    reference: ([x, t], a) => lib.crossEntropyProbs(x, t, a.reduction ?? 'mean', a.labelSmoothing),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[4, 5], [4, 5]]),
      row([[3, 4], [3, 4]], { reduction: 'none', labelSmoothing: 0.2 }),
    ],
  }),
  defineOp({
    name: 'nllLoss',
    inputs: ['normal', 'labels'],
    grad: true,
    engine: ([x, y], a: { reduction?: LossReduction; ignoreIndex?: number }) => dn.nllLoss(x, y, a),
    reference: ([x, y], a) => lib.nllLoss(x, y, a.reduction, a.ignoreIndex),
    labels: (shapes) => shapes[0][1],
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[4, 5], [4]]),
      row([[6, 3], [6]], { reduction: 'sum' }),
      row([[5, 4], [5]], { reduction: 'none' }),
      row([[8, 3], [8]], { ignoreIndex: 2 }),
    ],
  }),
  defineOp({
    name: 'mse',
    grad: true,
    engine: ([a, b], attrs: { reduction?: LossReduction }) => dn.mse(a, b, attrs.reduction),
    reference: ([a, b], attrs) => ref.mse(a, b, attrs.reduction),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 4], [3, 4]]),
      row([[5], [5]], { reduction: 'sum' }),
      row([[2, 3], [2, 3]], { reduction: 'none' }),
      row([[], []]),
    ],
  }),
  defineOp({
    name: 'binaryCrossEntropy',
    inputs: ['unit', 'unit'],
    grad: true,
    engine: ([p, t], a: { reduction?: LossReduction }) => dn.binaryCrossEntropy(p, t, a),
    reference: ([p, t], a) => lib.binaryCrossEntropy(p, t, a.reduction),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 4], [3, 4]]),
      row([[5], [5]], { reduction: 'none' }),
    ],
  }),
  /** Inputs: logits, targets, and posWeight when a third shape is given. */
  defineOp({
    name: 'binaryCrossEntropyWithLogits',
    inputs: ['normal', 'unit', 'positive'],
    grad: true,
    engine: ([x, t, w], a: { reduction?: LossReduction }) =>
      dn.binaryCrossEntropyWithLogits(x, t, { ...a, posWeight: w }),
    reference: ([x, t, w], a) => lib.binaryCrossEntropyWithLogits(x, t, a.reduction, w),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 4], [3, 4]]),
      row([[2, 5], [2, 5]], { reduction: 'sum' }, { tag: 'wide', kinds: ['wide', 'unit'] }),
      row([[3, 4], [3, 4], [4]], { reduction: 'none' }),
    ],
  }),
  defineOp({
    name: 'l1Loss',
    inputs: ['nonzero', 'normal'],
    grad: true,
    engine: ([x, y], a: { reduction?: LossReduction }) => dn.l1Loss(x, y, a),
    reference: ([x, y], a) => lib.l1Loss(x, y, a.reduction),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 4], [3, 4]]),
      row([[5], [5]], { reduction: 'sum' }),
    ],
  }),
  defineOp({
    name: 'smoothL1Loss',
    grad: true,
    engine: ([x, y], a: { reduction?: LossReduction; beta?: number }) => dn.smoothL1Loss(x, y, a),
    reference: ([x, y], a) => lib.smoothL1Loss(x, y, a.reduction, a.beta),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 4], [3, 4]]),
      row([[6], [6]], { beta: 0.5, reduction: 'none' }),
      row([[2, 3], [2, 3]], { beta: 0 }),
    ],
  }),
] as const;
