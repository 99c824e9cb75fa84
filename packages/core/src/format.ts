// Printing tensors as PyTorch does: `tensor([[ 0.1000, -2.0000], …])`, summarised with `...` past
// 1000 elements (the first and last 3 entries of each axis), one number format for the whole tensor.
import type { TypedArray } from './backend.js';

/** Options of formatTensor, PyTorch's print options. */
export interface FormatOptions {
  /** Summarise tensors with more elements than this (1000). */
  threshold?: number;
  /** Entries shown at each end of a summarised axis (3). */
  edgeItems?: number;
  /** Digits after the point (4). */
  precision?: number;
  /** Characters per line before wrapping a row (80). */
  lineWidth?: number;
}

/** How every number of one tensor is written, chosen once from its values (as PyTorch's _Formatter). */
function formatter(
  values: ArrayLike<number>,
  isInt: boolean,
  precision: number,
): (v: number) => string {
  if (isInt) return (v) => String(v);
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
  const special = (v: number) => (Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf');
  if (finite.every(Number.isInteger)) {
    const big = finite.some((v) => Math.abs(v) >= 1e8);
    if (!big) return (v) => (Number.isFinite(v) ? `${v.toFixed(0)}.` : special(v));
  }
  const abs = finite.map(Math.abs).filter((v) => v > 0);
  const max = abs.length ? Math.max(...abs) : 0;
  const min = abs.length ? Math.min(...abs) : 0;
  const scientific =
    max / Math.max(min, Number.MIN_VALUE) > 1000 || max > 1e8 || (min > 0 && min < 1e-4);
  if (scientific) {
    return (v) =>
      Number.isFinite(v)
        ? v.toExponential(precision).replace(/e([+-])(\d)$/, 'e$10$2')
        : special(v);
  }
  return (v) => (Number.isFinite(v) ? v.toFixed(precision) : special(v));
}

/**
 * A tensor's values as PyTorch prints them, without the `tensor(` wrapper.
 * For example, shape [2, 2] and values 1, 2.5, 3, 4 give "[[1.0000, 2.5000],\n [3.0000, 4.0000]]".
 */
export function formatValues(
  shape: readonly number[],
  values: TypedArray,
  isInt: boolean,
  opts: FormatOptions = {},
  indent = 0,
): string {
  const threshold = opts.threshold ?? 1000;
  const edge = opts.edgeItems ?? 3;
  const lineWidth = opts.lineWidth ?? 80;
  const summarise = values.length > threshold;
  // Only the entries that are shown decide the format (as PyTorch's summarised printing).
  const shown: number[] = [];
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, d) => a * d, 1));
  const keep = (d: number) =>
    summarise && d > 2 * edge
      ? [
          ...Array.from({ length: edge }, (_, i) => i),
          -1,
          ...Array.from({ length: edge }, (_, i) => d - edge + i),
        ]
      : Array.from({ length: d }, (_, i) => i);
  const collect = (axis: number, offset: number) => {
    if (axis === shape.length) {
      shown.push(values[offset]);
      return;
    }
    for (const i of keep(shape[axis])) if (i >= 0) collect(axis + 1, offset + i * strides[axis]);
  };
  collect(0, 0);
  const fmt = formatter(shown, isInt, opts.precision ?? 4);
  const width = Math.max(1, ...shown.map((v) => fmt(v).length));
  const pad = (s: string) => s.padStart(width);
  const build = (axis: number, offset: number, col: number): string => {
    if (shape.length === 0) return fmt(values[0]);
    const items = keep(shape[axis]);
    if (axis === shape.length - 1) {
      const cells = items.map((i) =>
        i < 0 ? '...' : pad(fmt(values[offset + i * strides[axis]])),
      );
      // Wrap a long row as PyTorch does, aligned after the opening bracket.
      const perLine = Math.max(1, Math.floor((lineWidth - col - 1) / (width + 2)));
      const lines: string[] = [];
      for (let i = 0; i < cells.length; i += perLine)
        lines.push(cells.slice(i, i + perLine).join(', '));
      return `[${lines.join(`,\n${' '.repeat(col + 1)}`)}]`;
    }
    const blank = '\n'.repeat(shape.length - axis - 1);
    const inner = items.map((i) =>
      i < 0 ? '...' : build(axis + 1, offset + i * strides[axis], col + 1),
    );
    return `[${inner.join(`,${blank}${' '.repeat(col + 1)}`)}]`;
  };
  return build(0, 0, indent);
}
