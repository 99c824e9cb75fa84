// Writing gpu.js kernel sources per shape: every size is a literal, and flat indices are split
// into coordinates in single-assignment form (gpu.js types a variable by its first value).

/** The largest output a program may have: above it float32 index arithmetic is no longer exact. */
export const MAX_ELEMENTS = 2 ** 22;

/**
 * Lines splitting the flat index `flat` into coordinates `${name}0..` over `dims` (row-major).
 * Division is Math.floor((i + 0.5) / d): the true quotient is at least 0.5/d from a whole number,
 * so a float32 division off by a few ulps (GPUs may multiply by a reciprocal) still floors right
 * for i below MAX_ELEMENTS.
 */
export function unravel(flat: string, dims: readonly number[], name: string): string[] {
  const lines: string[] = [];
  let rest = flat;
  for (let d = dims.length - 1; d >= 0; d--) {
    const coord = `${name}${d}`;
    if (d === 0) {
      lines.push(`const ${coord} = ${rest};`);
    } else if (dims[d] === 1) {
      lines.push(`const ${coord} = 0;`);
    } else {
      const q = `${name}q${d}`;
      lines.push(`const ${q} = Math.floor((${rest} + 0.5) / ${dims[d]});`);
      lines.push(`const ${coord} = ${rest} - ${q} * ${dims[d]};`);
      rest = q;
    }
  }
  return lines;
}

/** The expression Σ coords[i]·strides[i] (terms with stride 0 left out). */
export function dot(coords: readonly string[], strides: readonly number[]): string {
  const terms: string[] = [];
  coords.forEach((c, i) => {
    if (strides[i] === 0) return;
    terms.push(strides[i] === 1 ? c : `${c} * ${strides[i]}`);
  });
  return terms.length > 0 ? terms.join(' + ') : '0';
}

/** A kernel function's source from its argument names and body lines. */
export function kernelSource(args: readonly string[], body: readonly string[]): string {
  return `function (${args.join(', ')}) {\n  ${body.join('\n  ')}\n}`;
}

/** Coordinate names name0..name{n-1}. */
export function coords(name: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${name}${i}`);
}

/**
 * Lines bounding a window's taps to the input: the k in [0, taps) with 0 <= start + k·step < size
 * run from `${name}Start` to `${name}End`, so loops need no bounds test inside.
 * ⌈a / b⌉ for whole a and b > 0 is ⌊(a + b − 0.5) / b⌋, safe from a GPU's inexact division.
 */
export function tapRange(
  name: string,
  start: string,
  taps: number,
  step: number,
  size: number,
): string[] {
  if (step === 1) {
    return [
      `const ${name}Start = Math.max(0, -${start});`,
      `const ${name}End = Math.min(${taps}, ${size} - ${start});`,
    ];
  }
  const ceilDiv = (a: string) => `Math.floor((${a} + ${step - 0.5}) / ${step})`;
  return [
    `const ${name}Start = Math.max(0, ${ceilDiv(`-${start}`)});`,
    `const ${name}End = Math.min(${taps}, ${ceilDiv(`${size} - ${start}`)});`,
  ];
}

/**
 * Lines finding the output row (or column) `out` that tap `k` of the window reads input `pos`
 * from: pos = out·stride − pad + k·dilation, so out = (pos + pad − k·dilation) / stride when that
 * is a whole number; `ok` says whether it is one and inside [0, size).
 */
export function tapSource(
  out: string,
  ok: string,
  pos: string,
  k: string,
  geometry: { stride: number; pad: number; dilation: number; size: number },
): string[] {
  const { stride, pad, dilation, size } = geometry;
  const t = `${out}T`;
  const lines = [`const ${t} = ${pos} + ${pad} - ${k} * ${dilation};`];
  if (stride === 1) {
    lines.push(`const ${out} = ${t};`, `const ${ok} = ${t} >= 0 && ${t} < ${size};`);
  } else {
    lines.push(
      `const ${out} = Math.floor((${t} + 0.5) / ${stride});`,
      `const ${ok} = ${t} >= 0 && ${out} * ${stride} === ${t} && ${out} < ${size};`,
    );
  }
  return lines;
}
