// Creating tensors: from values, constants, ranges and the seeded PRNG.
import { getBackend } from '../backend.js';
import { runKernel } from '../engine.js';
import type { DType } from '../kernels.js';
import { type Generator, globalGenerator } from '../random.js';
import { assertValidShape, showShape, sizeOf } from '../shape/shape.js';
import { type NestedArray, Tensor } from '../tensor.js';

/** Options shared by creation functions. */
export interface CreateOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

/** Options of random creation functions. */
export interface RandomOptions extends CreateOptions {
  /** The PRNG to draw from; the global one (see manualSeed) by default. */
  generator?: Generator;
}

function inferShape(values: NestedArray): number[] {
  const shape: number[] = [];
  let v: NestedArray = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  return shape;
}

function flatten(values: NestedArray, shape: readonly number[], out: number[], axis = 0): void {
  if (axis === shape.length) {
    if (typeof values !== 'number')
      throw new Error(`tensor: nested arrays are ragged; expected shape ${showShape(shape)}`);
    out.push(values);
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[axis]) {
    throw new Error(`tensor: nested arrays are ragged; expected shape ${showShape(shape)}`);
  }
  for (const v of values) flatten(v, shape, out, axis + 1);
}

function finish(t: Tensor, opts: CreateOptions): Tensor {
  if (opts.requiresGrad) t.requiresGrad = true;
  return t;
}

/**
 * A tensor from values: a number, nested arrays, or a flat array/typed array with a shape.
 * @example
 * ```ts
 * const x = tensor([[1, 2], [3, 4]]);
 * console.log(x.shape, x.dtype); // → [ 2, 2 ] float32
 * console.log(tensor(new Float32Array(6), [2, 3]).shape); // → [ 2, 3 ]
 * console.log(tensor([1, 2], undefined, { dtype: 'int32' })); // → tensor([1, 2], dtype=int32)
 * ```
 */
export function tensor(
  values: NestedArray | ArrayLike<number>,
  shape?: readonly number[],
  opts: CreateOptions = {},
): Tensor {
  const dtype = opts.dtype ?? (values instanceof Int32Array ? 'int32' : 'float32');
  let flat: ArrayLike<number>;
  let inferred: number[];
  if (typeof values === 'number') {
    flat = [values];
    inferred = [];
  } else if (ArrayBuffer.isView(values) || (Array.isArray(values) && !values.some(Array.isArray))) {
    flat = values as ArrayLike<number>;
    inferred = [flat.length];
  } else {
    inferred = inferShape(values as NestedArray);
    const out: number[] = [];
    flatten(values as NestedArray, inferred, out);
    flat = out;
  }
  const finalShape = shape ?? inferred;
  assertValidShape('tensor', finalShape);
  if (sizeOf(finalShape) !== flat.length) {
    throw new Error(
      `tensor: ${flat.length} values do not fill shape ${showShape(finalShape)} (${sizeOf(finalShape)} elements)`,
    );
  }
  const typed = dtype === 'int32' ? Int32Array.from(flat) : Float32Array.from(flat);
  if (dtype === 'int32' && !Array.from(flat).every((v) => Number.isInteger(v))) {
    throw new Error('tensor: int32 tensors need integer values');
  }
  return finish(Tensor.fromValues(typed, finalShape, dtype), opts);
}

/** A zero-dimensional tensor holding one number. */
export function scalar(value: number, opts: CreateOptions = {}): Tensor {
  return tensor(value, [], opts);
}

/**
 * A tensor of `shape` filled with `value` (torch.full).
 * @example
 * ```ts
 * console.log(full([2, 2], 7)); // → tensor([[7., 7.], [7., 7.]])
 * ```
 */
export function full(shape: readonly number[], value: number, opts: CreateOptions = {}): Tensor {
  assertValidShape('full', shape);
  const dtype = opts.dtype ?? 'float32';
  return finish(runKernel('Fill', {}, { shape, value, dtype }, getBackend()), opts);
}

/**
 * A tensor of zeros (torch.zeros); float32 unless `opts.dtype` says int32.
 * @example
 * ```ts
 * const z = zeros([2, 3], { dtype: 'int32' });
 * console.log(z.shape, z.dtype); // → [ 2, 3 ] int32
 * ```
 */
export function zeros(shape: readonly number[], opts: CreateOptions = {}): Tensor {
  return full(shape, 0, opts);
}

/** A tensor of ones. */
export function ones(shape: readonly number[], opts: CreateOptions = {}): Tensor {
  return full(shape, 1, opts);
}

/** Zeros with the shape, dtype and backend of `like`. */
export function zerosLike(like: Tensor): Tensor {
  return runKernel('Fill', {}, { shape: like.shape, value: 0, dtype: like.dtype }, like.backend);
}

/** Ones with the shape, dtype and backend of `like`. */
export function onesLike(like: Tensor): Tensor {
  return runKernel('Fill', {}, { shape: like.shape, value: 1, dtype: like.dtype }, like.backend);
}

/** A constant on the backend of `like`, with its dtype (for scalar operands of ops). */
export function constantLike(value: number, like: Tensor, shape: readonly number[] = []): Tensor {
  return runKernel('Fill', {}, { shape, value, dtype: like.dtype }, like.backend);
}

/**
 * Values start, start + step, … below end (1-D), float32 unless `opts.dtype` says otherwise
 * (torch.arange, which gives int64 for integers).
 * @example
 * ```ts
 * console.log(arange(5)); // → tensor([0., 1., 2., 3., 4.])
 * console.log(arange(1, 2, 0.25)); // → tensor([1.0000, 1.2500, 1.5000, 1.7500])
 * ```
 */
export function arange(start: number, end?: number, step = 1, opts: CreateOptions = {}): Tensor {
  if (end === undefined) [start, end] = [0, start];
  if (step === 0 || !Number.isFinite(step))
    throw new Error(`arange: step must be a finite non-zero number, got ${step}`);
  const n = Math.max(0, Math.ceil((end - start) / step));
  const values = Array.from({ length: n }, (_, i) => start + i * step);
  return tensor(values, [n], opts);
}

function randomTensor(
  op: string,
  shape: readonly number[],
  opts: RandomOptions,
  draw: (g: Generator) => number,
): Tensor {
  assertValidShape(op, shape);
  if (opts.dtype === 'int32') throw new Error(`${op}: random values are float32, got dtype int32`);
  const g = opts.generator ?? globalGenerator;
  const values = new Float32Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = draw(g);
  return finish(Tensor.fromValues(values, shape, 'float32'), opts);
}

/** Uniform values in [0, 1) from the seeded PRNG. */
export function rand(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  return randomTensor('rand', shape, opts, (g) => g.random());
}

/** Uniform values in [low, high) from the seeded PRNG. */
export function uniform(
  shape: readonly number[],
  low: number,
  high: number,
  opts: RandomOptions = {},
): Tensor {
  return randomTensor('uniform', shape, opts, (g) => g.uniform(low, high));
}

/**
 * Standard normal values from the seeded PRNG (torch.randn): the same seed gives the same values.
 * @example
 * ```ts
 * manualSeed(42);
 * const a = randn([2, 3]);
 * manualSeed(42);
 * console.log(randn([2, 3]).sub(a).abs().max().item()); // → 0
 * ```
 */
export function randn(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  return randomTensor('randn', shape, opts, (g) => g.normal());
}

/**
 * The n×m identity matrix (m = n by default), as torch.eye.
 * @example
 * ```ts
 * console.log(eye(2)); // → tensor([[1., 0.], [0., 1.]])
 * ```
 */
export function eye(n: number, m = n, opts: CreateOptions = {}): Tensor {
  assertValidShape('eye', [n, m]);
  const values = new Float64Array(n * m);
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
  return tensor(values, [n, m], opts);
}

/**
 * `steps` evenly spaced values from start to end inclusive, as torch.linspace (each half is
 * computed from its own end, so the last value is exactly `end`).
 * @example
 * ```ts
 * console.log(linspace(0, 1, 5)); // → tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
 * ```
 */
export function linspace(
  start: number,
  end: number,
  steps: number,
  opts: CreateOptions = {},
): Tensor {
  if (!Number.isInteger(steps) || steps < 0)
    throw new Error(`linspace: steps must be a non-negative integer, got ${steps}`);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  const half = Math.floor(steps / 2);
  const values = Array.from({ length: steps }, (_, i) =>
    i < half ? start + i * step : end - (steps - 1 - i) * step,
  );
  return tensor(values, [steps], opts);
}
