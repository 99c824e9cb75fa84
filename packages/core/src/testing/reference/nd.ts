// The reference's own n-d array: float64 values over a row-major shape, with its own index maths.
// Nothing here is imported from src/shape or a backend, so a shared bug cannot hide itself.

/** Element types the reference tracks, to check a backend's output dtype. */
export type RefDType = 'float32' | 'int32';

/** A dense row-major float64 array (int32 results are stored as whole numbers). */
export interface Nd {
  readonly shape: readonly number[];
  readonly data: Float64Array;
  readonly dtype: RefDType;
}

/** Number of elements of a shape (1 for a scalar). */
export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** A new array, zero-filled unless data is given. */
export function nd(shape: readonly number[], data?: Float64Array, dtype: RefDType = 'float32'): Nd {
  const values = data ?? new Float64Array(numel(shape));
  if (values.length !== numel(shape)) {
    throw new Error(`reference: ${values.length} values do not fill shape [${shape.join(', ')}]`);
  }
  return { shape: [...shape], data: values, dtype };
}

/** Row-major strides. */
export function rowStrides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = s;
    s *= shape[i];
  }
  return out;
}

/** The multi-index of flat position `flat` in `shape`. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    idx[i] = flat % shape[i];
    flat = Math.floor(flat / shape[i]);
  }
  return idx;
}

/** The flat position of a multi-index. */
export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let i = 0; i < shape.length; i++) flat = flat * shape[i] + idx[i];
  return flat;
}

/** Maps a possibly negative axis into [0, rank). */
export function axisOf(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= Math.max(rank, 1)) {
    throw new Error(`reference: axis ${axis} is out of range for rank ${rank}`);
  }
  return a;
}

/** NumPy broadcasting of two shapes, aligned on the right. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
    const db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`reference: [${a.join(', ')}] and [${b.join(', ')}] do not broadcast`);
    }
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** The flat position in an input of `inShape` read by output multi-index `outIdx` under broadcasting. */
export function broadcastSource(outIdx: readonly number[], inShape: readonly number[]): number {
  const offset = outIdx.length - inShape.length;
  let flat = 0;
  for (let i = 0; i < inShape.length; i++) {
    flat = flat * inShape[i] + (inShape[i] === 1 ? 0 : outIdx[i + offset]);
  }
  return flat;
}

/** A copy with a new shape of the same size. */
export function withShape(x: Nd, shape: readonly number[]): Nd {
  return nd(shape, x.data.slice(), x.dtype);
}
