// Basic shape maths: sizes, strides, axis normalisation, validation.

/** Number of elements of a shape (1 for a scalar []). */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i];
  }
  return strides;
}

/** The shape of x with axes permuted: out[i] = shape[perm[i]] (Transpose's output). */
export function permutedShape(shape: readonly number[], perm: readonly number[]): number[] {
  return perm.map((p) => shape[p]);
}

/** The shape of x padded by paddings[i] = [before, after] on each axis (Pad's output). */
export function paddedShape(
  shape: readonly number[],
  paddings: readonly (readonly [number, number])[],
): number[] {
  return shape.map((d, i) => d + paddings[i][0] + paddings[i][1]);
}

/** Throws unless every dimension is a non-negative integer. */
export function assertValidShape(op: string, shape: readonly number[]): void {
  if (!Array.isArray(shape))
    throw new Error(`${op}: shape must be an array of integers, got ${String(shape)}`);
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new Error(
        `${op}: shape [${shape.join(', ')}] must hold non-negative integers, got ${d}`,
      );
    }
  }
}

/** Maps a possibly negative axis into [0, rank), or throws naming the op. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1)) {
    throw new Error(
      `${op}: axis ${axis} is out of range for a tensor of rank ${rank} (expected ${-rank}..${rank - 1})`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** Normalises, sorts and de-duplicates a list of axes; `undefined` means all axes. */
export function normalizeAxes(
  op: string,
  axes: number | readonly number[] | undefined,
  rank: number,
): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  const out = [...new Set(list.map((a) => normalizeAxis(op, a, rank)))].sort((a, b) => a - b);
  if (out.length !== list.length) throw new Error(`${op}: repeated axis in [${list.join(', ')}]`);
  return out;
}

/** Formats a shape for error messages. */
export function showShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** True when two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
