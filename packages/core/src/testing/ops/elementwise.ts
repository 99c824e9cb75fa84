// Elementwise ops: unary functions, broadcasting arithmetic and comparisons, PyTorch's int32
// promotion, selection by a mask, and constant tensors.
// One declaration per op (see ../define.ts): its attributes, inputs, engine call, float64
// reference and cases; the conformance suite is derived from these.
import { runKernel } from '../../engine.js';
import * as dn from '../../index.js';
import { BROADCASTS, ERF, INT, TRICKY_BROADCASTS } from '../common-cases.js';
import { defineOp } from '../define.js';
import * as lib from '../reference/library.js';
import * as ref from '../reference.js';

/** The elementwise ops' declarations. */
export const ELEMENTWISE_OPS = [
  defineOp({
    name: 'neg',
    grad: true,
    engine: ([x]) => dn.neg(x),
    reference: ([x]) => ref.unary('neg', x),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]]),
      row([[]]),
      row([[2, 1, 3, 7]]),
      row([[3, 4]], {}, INT),
    ],
  }),
  defineOp({
    name: 'exp',
    grad: true,
    engine: ([x]) => dn.exp(x),
    reference: ([x]) => ref.unary('exp', x),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]]),
      row([[]]),
      row([[2, 1, 3, 7]]),
      row([[2, 5]], {}, { tag: 'wide', kinds: ['wide'] }),
    ],
  }),
  defineOp({
    name: 'log',
    inputs: ['positive'],
    grad: true,
    engine: ([x]) => dn.log(x),
    reference: ([x]) => ref.unary('log', x),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]]),
      row([[]]),
      row([[2, 1, 3, 7]]),
    ],
  }),
  defineOp({
    name: 'sqrt',
    inputs: ['positive'],
    grad: true,
    engine: ([x]) => dn.sqrt(x),
    reference: ([x]) => ref.unary('sqrt', x),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]]),
      row([[]]),
      row([[2, 1, 3, 7]]),
    ],
  }),
  defineOp({
    name: 'abs',
    inputs: ['nonzero'],
    grad: true,
    engine: ([x]) => dn.abs(x),
    reference: ([x]) => ref.unary('abs', x),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]]),
      row([[]]),
      row([[2, 1, 3, 7]]),
      row([[3, 4]], {}, INT),
    ],
  }),
  defineOp({
    name: 'sign',
    inputs: ['nonzero'],
    grad: false,
    engine: ([x]) => dn.sign(x),
    reference: ([x]) => ref.unary('sign', x),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]]),
    ],
  }),
  defineOp({
    name: 'relu',
    inputs: ['nonzero'],
    grad: true,
    engine: ([x]) => dn.relu(x),
    reference: ([x]) => ref.unary('relu', x),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]]),
      row([[]]),
      row([[2, 1, 3, 7]]),
    ],
  }),
  defineOp({
    name: 'leakyRelu',
    inputs: ['nonzero'],
    grad: true,
    engine: ([x], a: { alpha?: number }) => dn.leakyRelu(x, a.alpha),
    reference: ([x], a) => ref.unary('leakyRelu', x, a.alpha ?? 0.01),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]]),
      row([[2, 9]], { alpha: 0.2 }),
    ],
  }),
  defineOp({
    name: 'sigmoid',
    grad: true,
    engine: ([x]) => dn.sigmoid(x),
    reference: ([x]) => ref.unary('sigmoid', x),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]]),
      row([[]]),
      row([[2, 1, 3, 7]]),
      row([[4, 6]], {}, { tag: 'wide', kinds: ['wide'] }),
    ],
  }),
  defineOp({
    name: 'tanh',
    grad: true,
    engine: ([x]) => dn.tanh(x),
    reference: ([x]) => ref.unary('tanh', x),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]]),
      row([[]]),
      row([[2, 1, 3, 7]]),
      row([[4, 6]], {}, { tag: 'wide', kinds: ['wide'] }),
    ],
  }),
  defineOp({
    name: 'square',
    grad: true,
    engine: ([x]) => dn.square(x),
    reference: ([x]) => ref.unary('square', x),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]]),
      row([[]]),
      row([[2, 1, 3, 7]]),
    ],
  }),
  /** Kernel-level: Unary 'step' has no public op. */
  defineOp({
    name: 'step',
    inputs: ['nonzero'],
    grad: false,
    engine: ([x]) => runKernel('Unary', { x }, { op: 'step', alpha: 0 }),
    reference: ([x]) => ref.unary('step', x),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 7]]),
    ],
  }),
  /** Kernel-level: Unary 'reciprocal' has no public op. */
  defineOp({
    name: 'reciprocal',
    inputs: ['nonzero'],
    grad: false,
    engine: ([x]) => runKernel('Unary', { x }, { op: 'reciprocal', alpha: 0 }),
    reference: ([x]) => ref.unary('reciprocal', x),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 7]]),
    ],
  }),
  defineOp({
    name: 'sin',
    grad: true,
    engine: ([x]) => dn.sin(x),
    reference: ([x]) => lib.fn('sin', x),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]]),
      row([[]]),
      row([[2, 9]], {}, { tag: 'wide', kinds: ['wide'] }),
    ],
  }),
  defineOp({
    name: 'cos',
    grad: true,
    engine: ([x]) => dn.cos(x),
    reference: ([x]) => lib.fn('cos', x),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]]),
      row([[]]),
      row([[2, 9]], {}, { tag: 'wide', kinds: ['wide'] }),
    ],
  }),
  defineOp({
    name: 'erf',
    grad: true,
    engine: ([x]) => dn.erf(x),
    reference: ([x]) => lib.fn('erf', x),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]], {}, { tol: ERF, gradTol: ERF }),
      row([[4, 6]], {}, { tag: 'wide', kinds: ['wide'], tol: ERF, gradTol: ERF }),
    ],
  }),
  defineOp({
    name: 'gelu',
    grad: true,
    engine: ([x]) => dn.gelu(x),
    reference: ([x]) => lib.fn('gelu', x),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]], {}, { tol: ERF, gradTol: ERF }),
      row([[4, 6]], {}, { tag: 'wide', kinds: ['wide'], tol: ERF, gradTol: ERF }),
    ],
  }),
  defineOp({
    name: 'silu',
    grad: true,
    engine: ([x]) => dn.silu(x),
    reference: ([x]) => lib.fn('silu', x),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]]),
      row([[]]),
      row([[2, 9]], {}, { tag: 'wide', kinds: ['wide'] }),
    ],
  }),
  defineOp({
    name: 'softplus',
    grad: true,
    engine: ([x]) => dn.softplus(x),
    reference: ([x]) => lib.fn('softplus', x),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]]),
      row([[]]),
      row([[2, 9]], {}, { tag: 'wide', kinds: ['wide'] }),
      row([[4]], {}, { tag: 'past the threshold', kinds: ['wide'] }),
    ],
  }),
  defineOp({
    name: 'add',
    grad: true,
    engine: ([a, b]) => dn.add(a, b),
    reference: ([a, b]) => ref.binary('add', a, b),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      ...BROADCASTS.map((shapes) => row(shapes)),
      ...TRICKY_BROADCASTS.map((shapes) => row(shapes)),
      row([[2, 3], [3]], {}, INT),
      row([[2, 3], [3]], {}, { tag: 'int32 + float32', kinds: ['int', 'normal'] }),
    ],
  }),
  defineOp({
    name: 'sub',
    grad: true,
    engine: ([a, b]) => dn.sub(a, b),
    reference: ([a, b]) => ref.binary('sub', a, b),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      ...BROADCASTS.map((shapes) => row(shapes)),
      row([[1], [4, 1, 1]]),
      row([[4, 1], [1, 3]], {}, INT),
    ],
  }),
  defineOp({
    name: 'mul',
    grad: true,
    engine: ([a, b]) => dn.mul(a, b),
    reference: ([a, b]) => ref.binary('mul', a, b),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      ...BROADCASTS.map((shapes) => row(shapes)),
      ...TRICKY_BROADCASTS.map((shapes) => row(shapes)),
      row([[2, 3], [2, 3]], {}, INT),
      row([[2, 3], [2, 1]], {}, { tag: 'float32 * int32', kinds: ['normal', 'int'] }),
    ],
  }),
  defineOp({
    name: 'div',
    inputs: ['normal', 'nonzero'],
    grad: true,
    engine: ([a, b]) => dn.div(a, b),
    reference: ([a, b]) => ref.binary('div', a, b),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      ...BROADCASTS.map((shapes) => row(shapes)),
      row([[4, 1, 5], [4, 3, 1]]),
    ],
  }),
  defineOp({
    name: 'pow',
    inputs: ['positive', 'normal'],
    grad: true,
    engine: ([a, b]) => dn.pow(a, b),
    reference: ([a, b]) => ref.binary('pow', a, b),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      ...BROADCASTS.map((shapes) => row(shapes)),
    ],
  }),
  defineOp({
    name: 'maximum',
    grad: true,
    engine: ([a, b]) => dn.maximum(a, b),
    reference: ([a, b]) => ref.binary('maximum', a, b),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      ...BROADCASTS.map((shapes) => row(shapes)),
      // Ties: PyTorch splits the gradient evenly, which is what central differences measure too.
      row([[3, 5], [3, 5]], {}, { tag: 'ties', kinds: ['coarse', 'coarse'] }),
      row([[2, 3], []], {}, INT),
      row([[4], [4]], {}, { tag: 'int32, float32', kinds: ['int', 'normal'] }),
    ],
  }),
  defineOp({
    name: 'minimum',
    grad: true,
    engine: ([a, b]) => dn.minimum(a, b),
    reference: ([a, b]) => ref.binary('minimum', a, b),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      ...BROADCASTS.map((shapes) => row(shapes)),
      row([[2, 1, 4], [3, 1]], {}, { tag: 'ties', kinds: ['coarse', 'coarse'] }),
    ],
  }),
  defineOp({
    name: 'equal',
    inputs: ['coarse', 'coarse'],
    grad: false,
    engine: ([a, b]) => dn.equal(a, b),
    reference: ([a, b]) => ref.binary('equal', a, b),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5], [3, 5]]),
      row([[2, 1, 4], [3, 1]]),
      row([[4], []]),
      row([[3, 4], [4]], {}, INT),
      row([[2, 3], [3]], {}, { tag: 'int32 == float32', kinds: ['int', 'coarse'] }),
    ],
  }),
  defineOp({
    name: 'greater',
    inputs: ['coarse', 'coarse'],
    grad: false,
    engine: ([a, b]) => dn.greater(a, b),
    reference: ([a, b]) => ref.binary('greater', a, b),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5], [3, 5]]),
      row([[2, 1, 4], [3, 1]]),
      row([[4], []]),
      row([[3, 4], [3, 1]], {}, INT),
    ],
  }),
  defineOp({
    name: 'greaterEqual',
    inputs: ['coarse', 'coarse'],
    grad: false,
    engine: ([a, b]) => dn.greaterEqual(a, b),
    reference: ([a, b]) => ref.binary('greaterEqual', a, b),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5], [3, 5]]),
      row([[2, 1, 4], [3, 1]]),
      row([[4], []]),
    ],
  }),
  defineOp({
    name: 'less',
    inputs: ['coarse', 'coarse'],
    grad: false,
    engine: ([a, b]) => dn.less(a, b),
    reference: ([a, b]) => ref.binary('less', a, b),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5], [3, 5]]),
      row([[2, 1, 4], [3, 1]]),
      row([[4], []]),
    ],
  }),
  defineOp({
    name: 'lessEqual',
    inputs: ['coarse', 'coarse'],
    grad: false,
    engine: ([a, b]) => dn.lessEqual(a, b),
    reference: ([a, b]) => ref.binary('lessEqual', a, b),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5], [3, 5]]),
      row([[2, 1, 4], [3, 1]]),
      row([[4], []]),
    ],
  }),
  /** int32 (or float32) x op a number, with PyTorch's promotion. */
  defineOp({
    name: 'scalarOp',
    inputs: ['int'],
    grad: false,
    engine: ([x], a: { op: 'add' | 'sub' | 'mul' | 'equal' | 'greater'; value: number }) =>
      ({ add: dn.add, sub: dn.sub, mul: dn.mul, equal: dn.equal, greater: dn.greater })[a.op](
        x,
        a.value,
      ),
    reference: ([x], a) => lib.promoted(a.op, x, a.value),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      ...[0.5, 1.9, -2.5, 2].flatMap((value) => [
        row([[2, 3]], { op: 'add', value }),
        row([[2, 3]], { op: 'mul', value }),
        row([[4]], { op: 'sub', value }),
        row([[3, 2]], { op: 'equal', value }, { kinds: ['coarse'] }),
        row([[3, 2]], { op: 'greater', value }),
      ]),
    ],
  }),
  defineOp({
    name: 'clamp',
    grad: true,
    engine: ([x], a: { min?: number | null; max?: number | null }) => dn.clamp(x, a.min, a.max),
    reference: ([x], a) => lib.clamp(x, a.min, a.max),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 5]], { min: -0.5, max: 0.7 }),
      row([[4, 2]], { min: 0 }),
      row([[6]], { max: -0.2 }),
      row([[3, 4]], { min: -1, max: 2 }, INT),
      row([[3, 4]], { min: -1.5, max: 2 }, { tag: 'int32, fractional bound', kinds: ['int'] }),
    ],
  }),
  /** Inputs: condition (0/1), a, b. */
  defineOp({
    name: 'where',
    inputs: ['mask', 'normal', 'normal'],
    grad: true,
    noGrad: [0],
    engine: ([c, a, b]) => dn.where(c, a, b),
    reference: ([c, a, b]) => lib.where(c, a, b),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 4], [3, 4], [3, 4]]),
      row([[3, 1], [1, 4], []]),
      row([[2, 3], [2, 3], [3]], {}, { tag: 'int32', kinds: ['mask', 'int', 'int'] }),
    ],
  }),
  /** Kernel-level: Where with all three inputs of one shape. */
  defineOp({
    name: 'whereKernel',
    inputs: ['mask'],
    grad: false,
    engine: ([c, a, b]) => runKernel('Where', { condition: c, a, b }, {}),
    reference: ([c, a, b]) => lib.where(c, a, b),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[2, 5], [2, 5], [2, 5]]),
      row([[7], [7], [7]], {}, { tag: 'int32', kinds: ['mask', 'int', 'int'] }),
    ],
  }),
  /** Inputs: x, mask (0/1). */
  defineOp({
    name: 'maskedFill',
    inputs: ['normal', 'mask'],
    grad: true,
    noGrad: [1],
    engine: ([x, m], a: { value: number }) => dn.maskedFill(x, m, a.value),
    reference: ([x, m], a) => lib.where(m, ref.fill([], a.value), x),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 4], [3, 4]], { value: -1e9 }),
      row([[2, 3, 4], [3, 1]], { value: 0.25 }),
    ],
  }),
  defineOp({
    name: 'broadcastTo',
    grad: true,
    engine: ([x], a: { shape: readonly number[] }) => dn.broadcastTo(x, a.shape),
    reference: ([x], a) => ref.broadcastTo(x, a.shape),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 1]], { shape: [2, 3, 4] }),
      row([[1, 4]], { shape: [3, 4] }),
      row([[]], { shape: [2, 2] }),
      row([[2, 1, 3]], { shape: [4, 2, 5, 3] }),
    ],
  }),
  defineOp({
    name: 'full',
    grad: false,
    engine: (_, a: { shape: readonly number[]; value: number; dtype?: 'float32' | 'int32' }) =>
      dn.full(a.shape, a.value, { dtype: a.dtype }),
    reference: (_, a) => ref.fill(a.shape, a.value, a.dtype ?? 'float32'),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([], { shape: [2, 3], value: 1.5 }),
      row([], { shape: [], value: -2 }),
      row([], { shape: [3, 1, 2], value: 0 }),
      row([], { shape: [4], value: 7, dtype: 'int32' }),
    ],
  }),
  defineOp({
    name: 'cast',
    inputs: ['wide'],
    grad: false,
    engine: ([x], a: { dtype: 'float32' | 'int32' }) => dn.cast(x, a.dtype),
    reference: ([x], a) => ref.cast(x, a.dtype),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([[3, 4]], { dtype: 'int32' }),
      row([[5]], { dtype: 'float32' }, { kinds: ['int'] }),
    ],
  }),
  defineOp({
    name: 'eye',
    grad: false,
    engine: (_, a: { n: number; m?: number }) => dn.eye(a.n, a.m),
    reference: (_, a) => lib.eye(a.n, a.m ?? a.n),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([], { n: 3 }),
      row([], { n: 2, m: 4 }),
    ],
  }),
  defineOp({
    name: 'linspace',
    grad: false,
    engine: (_, a: { start: number; end: number; steps: number }) =>
      dn.linspace(a.start, a.end, a.steps),
    reference: (_, a) => lib.linspace(a.start, a.end, a.steps),
    // biome-ignore format: a table reads best one row per line
    cases: (row) => [
      row([], { start: -1, end: 2, steps: 7 }),
      row([], { start: 3, end: 3, steps: 1 }),
      row([], { start: 0, end: 1, steps: 0 }),
    ],
  }),
] as const;
