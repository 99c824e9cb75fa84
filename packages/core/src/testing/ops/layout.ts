// Layout ops: reshaping, permuting, slicing, padding, joining and indexing.
// One declaration per op (see ../define.ts): its attributes, inputs, engine call, float64
// reference and cases; the conformance suite is derived from these.
import * as dn from '../../index.js';
import { INT } from '../common-cases.js';
import { defineOp } from '../define.js';
import * as lib from '../reference/library.js';
import * as ref from '../reference.js';
import { refSpecs } from '../reference.js';

/** The layout ops' declarations. */
export const LAYOUT_OPS = [
  defineOp({
    name: 'reshape',
    grad: true,
    engine: ([x], a: { shape: readonly number[] }) => dn.reshape(x, a.shape),
    reference: ([x], a) => ref.reshape(x, a.shape),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[2, 3, 4]], { shape: [4, -1] }),
    ],
  }),
  defineOp({
    name: 'flatten',
    grad: true,
    engine: ([x], a: { startDim?: number; endDim?: number }) => dn.flatten(x, a.startDim, a.endDim),
    reference: ([x], a) => ref.flatten(x, a.startDim, a.endDim),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[2, 3, 4, 5]], { startDim: 1 }),
      row([[2, 3, 4, 5]], { startDim: 1, endDim: 2 }),
      row([[]]),
    ],
  }),
  defineOp({
    name: 'permute',
    grad: true,
    engine: ([x], a: { perm: readonly number[] }) => dn.permute(x, a.perm),
    reference: ([x], a) => ref.permute(x, a.perm),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[2, 3, 4]], { perm: [2, 0, 1] }),
      row([[1, 3, 1, 5]], { perm: [3, 1, 0, 2] }),
      row([[2, 1, 3, 1, 2]], { perm: [4, 2, 0, 3, 1] }),
      row([[3, 4, 5]], { perm: [-1, 0, 1] }),
    ],
  }),
  defineOp({
    name: 'transpose',
    grad: true,
    engine: ([x], a: { dim0?: number; dim1?: number }) => dn.transpose(x, a.dim0, a.dim1),
    reference: ([x], a) => ref.transpose(x, a.dim0, a.dim1),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 4]], {}, INT),
      row([[3, 5]]),
      row([[2, 3, 4]], { dim0: 0, dim1: -1 }),
      row([[1, 7]]),
    ],
  }),
  defineOp({
    name: 'slice',
    grad: true,
    engine: ([x], a: { begin: readonly number[]; size?: readonly number[] }) =>
      dn.slice(x, a.begin, a.size),
    reference: ([x], a) => ref.slice(x, a.begin, a.size),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[4, 5]], { begin: [1, 2], size: [2, 3] }, INT),
      row([[5, 6]], { begin: [1, 2], size: [3, -1] }),
      row([[2, 3, 4]], { begin: [0, 1, 1], size: [2, 1, 2] }),
      row([[9]], { begin: [4] }),
      row([[]], { begin: [] }),
      row([[2, 3, 4, 5]], { begin: [1, 0, 2, 1], size: [1, 3, 2, 3] }),
    ],
  }),
  defineOp({
    name: 'pad',
    grad: true,
    engine: ([x], a: { paddings: readonly (readonly [number, number])[]; value?: number }) =>
      dn.pad(x, a.paddings, a.value),
    reference: ([x], a) => ref.pad(x, a.paddings, a.value),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[2, 3]], { paddings: [[1, 0], [0, 2]] }, INT),
      row([[3, 4]], { paddings: [[1, 2], [0, 3]] }),
      row([[2, 3, 4]], { paddings: [[0, 0], [2, 1], [1, 0]], value: -1.5 }),
      row([[5]], { paddings: [[3, 1]] }),
      row([[]], { paddings: [] }),
      row([[1, 2, 3, 3]], { paddings: [[0, 0], [0, 0], [1, 1], [1, 1]] }),
    ],
  }),
  defineOp({
    name: 'concat',
    grad: true,
    engine: (xs, a: { axis?: number }) => dn.concat(xs, a.axis),
    reference: (xs, a) => ref.concat(xs, a.axis),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[2, 3], [1, 3]], {}, INT),
      row([[2, 3], [4, 3]]),
      row([[2, 3], [2, 1], [2, 4]], { axis: -1 }),
      row([[2, 1, 3], [2, 2, 3]], { axis: 1 }),
      row([[3], [1], [2]]),
    ],
  }),
  defineOp({
    name: 'stack',
    grad: true,
    engine: (xs, a: { axis?: number }) => dn.stack(xs, a.axis),
    reference: (xs, a) => ref.stack(xs, a.axis),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 4], [3, 4]], { axis: 1 }),
      row([[2], [2], [2]]),
      row([[2, 3], [2, 3]], { axis: -1 }),
    ],
  }),
  defineOp({
    name: 'clone',
    grad: true,
    engine: ([x]) => dn.clone(x),
    reference: ([x]) => ref.reshape(x, x.shape),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 4]]),
    ],
  }),
  /** PyTorch-style specs: integers, 'start:stop:step' strings, '...', null (new axis). */
  defineOp({
    name: 'index',
    grad: true,
    engine: ([x], a: { specs: readonly (number | string | null)[] }) => dn.index(x, ...a.specs),
    reference: ([x], a) => lib.basicIndex(x, refSpecs(a.specs, x.shape.length)),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[4, 5]], { specs: [1] }),
      row([[4, 5]], { specs: [-1, '1:-1'] }),
      row([[6, 7]], { specs: ['::2', '1::3'] }),
      row([[2, 3, 8]], { specs: ['...', '-5::2'] }),
      row([[3, 4]], { specs: [':', null, 2] }),
      row([[5, 4, 3]], { specs: ['1:4', '...', 0] }),
      row([[5]], { specs: ['2:100'] }),
      row([[5, 2]], { specs: ['4:1'] }),
      row([[3, 5]], { specs: [0, '::4'] }, INT),
    ],
  }),
  /** Inputs: x, int32 index. */
  defineOp({
    name: 'gather',
    inputs: ['normal', 'labels'],
    grad: true,
    engine: ([x, i], a: { dim: number }) => dn.gather(x, a.dim, i),
    reference: ([x, i], a) => lib.gather(x, a.dim, i),
    labels: (shapes, a) => shapes[0].at(a.dim) ?? 0,
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5], [3, 2]], { dim: 1 }),
      row([[4, 3], [6, 3]], { dim: 0 }),
      row([[2, 3, 4], [2, 2, 3]], { dim: -1 }),
      row([[3, 4], [2, 4]], { dim: 1 }, { tag: 'int32', kinds: ['int', 'labels'] }),
    ],
  }),
  /** Inputs: x, int32 1-D index. */
  defineOp({
    name: 'indexSelect',
    inputs: ['normal', 'labels'],
    grad: true,
    engine: ([x, i], a: { dim: number }) => dn.indexSelect(x, a.dim, i),
    reference: ([x, i], a) => lib.indexSelect(x, a.dim, i),
    labels: (shapes, a) => shapes[0].at(a.dim) ?? 0,
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[5, 3], [4]], { dim: 0 }),
      row([[2, 6, 3], [7]], { dim: 1 }),
      row([[3, 4], [2]], { dim: -1 }),
      row([[6, 2], [3]], { dim: 0 }, { tag: 'int32', kinds: ['int', 'labels'] }),
    ],
  }),
] as const;
