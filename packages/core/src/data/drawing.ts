// Drawing -> MNIST-style input: ink measured from the background's level, cropped to its bounding
// box, the longer side fitted into 20 px keeping the aspect ratio (area averaging), the strokes
// stretched to full intensity, placed in 28x28 so the centre of mass sits where MNIST's does.
// The browser and the server both call this, so they give the model the same input.

import type { Binary } from './skeleton.js';
import { bitsBox, dropSpecks, erodeToWidth, redraw, SKELETON_MAX_SIDE, thin } from './skeleton.js';
import { type Box, dilate3x3, strokeLevel, strokeWidth } from './strokes.js';

/** MNIST's geometry: digits fit a 20x20 box inside a 28x28 field. */
export const MNIST_SIZE = 28;
const BOX = 20;
/**
 * Strokes narrower than this once shrunk (their width in the drawing times the scale) are widened
 * by a pixel each way. Chosen with `npm run evaluate -- <model> --as thin-pen` and `--as canvas`:
 * 1.2 → 96.76% / 99.22%, 1.6 → 96.90% / 99.24%, 2 → 96.74% / 99.12% (the F=16 model bundled
 * before 2026-11-28, test split 99.18%).
 */
const MIN_STROKE = 1.6;

/**
 * Where MNIST digits' centre of mass lies, in pixel-index coordinates: the mean over the 60 000
 * training images is (14.01, 14.00).
 */
export const MNIST_CENTER = { x: 14, y: 14 };

/** Options of drawingToMnist. */
export interface DrawingOptions {
  /**
   * Ink polarity. false: ink is bright on dark (the app's canvas, MNIST); true: dark ink on light
   * paper; 'auto' (default): decided from the border, which is background in any sensible drawing.
   */
  invert?: boolean | 'auto';
  /**
   * Pixels brighter than this (0–255, after polarity and background removal) count as ink for the
   * bounding box (default 32).
   */
  threshold?: number;
  /**
   * The stroke width, in pixels of the 28x28 result. A number: strokes wider than this, whatever
   * pen drew them and however small the drawing, are brought to it (see `normalize`; ink
   * components under 1% of the ink are dropped as stray specks first). 'keep': the drawing's own strokes, area-averaged (thin
   * pens widened), the seed's transform. Default DEFAULT_PEN.
   */
  pen?: number | 'keep';
  /**
   * How a numeric pen is reached. 'erode' (default): strokes wider than the pen are eroded to its
   * width (never below their skeleton), narrower ones kept, then area-averaged as with 'keep';
   * 'skeleton': thinned to the centre lines, redrawn with a round pen, which measured worse with
   * the bundled model (pen 2.5, 600 drawn digits, 500 test digits): `--as drawn` 85.83% and
   * `--as canvas` 96.60%, against 95.00% and 98.80% for an erosion that lost the grey levels and
   * 88.67% and 99.20% for 'keep'.
   */
  normalize?: 'skeleton' | 'erode';
}

/**
 * drawingToMnist's default stroke width, in 28x28 pixels. Chosen with the bundled model,
 * `npm run evaluate -- models/mnist-cnn-f16.safetensors --limit 1000 --as drawn|canvas|thin-pen|paper`:
 * `--pen keep` 88.70% / 99.20% / 96.40% / 99.40%, `--pen 2.5` 94.80% / 99.20% / 96.50% / 99.20%.
 * On 600 drawn digits (an earlier erosion that lost the grey levels), 3.5 did no better than 2.5:
 * 94.83% against 95.00%.
 */
export const PEN_WIDTH = 2.5;
/** drawingToMnist's default pen: PEN_WIDTH. */
export const DEFAULT_PEN: number | 'keep' = PEN_WIDTH;
/** Ink components smaller than this fraction of all the ink are stray specks (pen: number). */
const SPECK = 0.01;

/** The 28x28 image (0–255, ink bright) and whether any ink was found. */
export interface MnistImage {
  readonly pixels: Uint8Array;
  readonly empty: boolean;
}

/**
 * Greyscale intensities (0–255) from RGBA bytes. Where the image has transparency, ink is what is
 * opaque (alpha), whatever its colour; fully opaque images use luminance.
 */
export function rgbaToGray(rgba: ArrayLike<number>, width: number, height: number): Uint8Array {
  const n = width * height;
  if (rgba.length !== n * 4)
    throw new Error(
      `rgbaToGray: expected ${n * 4} RGBA bytes for ${width}x${height}, got ${rgba.length}`,
    );
  const gray = new Uint8Array(n);
  let transparent = false;
  for (let i = 0; i < n; i++) if (rgba[i * 4 + 3] < 255) transparent = true;
  for (let i = 0; i < n; i++) {
    const r = rgba[i * 4];
    const g = rgba[i * 4 + 1];
    const b = rgba[i * 4 + 2];
    gray[i] = transparent ? rgba[i * 4 + 3] : Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
  return gray;
}

/**
 * Turns a greyscale drawing of any size into MNIST's 28x28 format.
 * @example
 * ```ts
 * const gray = new Uint8Array(280 * 280);
 * for (let y = 60; y < 220; y++) gray[y * 280 + 140] = 255; // a vertical stroke: a "1"
 * const { pixels } = data.drawingToMnist(gray, 280, 280);
 * console.log(pixels.length); // → 784
 * ```
 */
export function drawingToMnist(
  gray: ArrayLike<number>,
  width: number,
  height: number,
  opts: DrawingOptions = {},
): MnistImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(
      `drawingToMnist: width and height must be positive integers, got ${width}x${height}`,
    );
  }
  if (gray.length !== width * height) {
    throw new Error(
      `drawingToMnist: expected ${width * height} pixels for ${width}x${height}, got ${gray.length}`,
    );
  }
  const invert =
    opts.invert === 'auto' || opts.invert === undefined
      ? borderIsBright(gray, width, height)
      : opts.invert;
  const ink = new Float32Array(width * height);
  for (let i = 0; i < ink.length; i++) ink[i] = invert ? 255 - gray[i] : gray[i];
  // Photos and scans: paper is not white and pencil is not black. Ink is measured from the
  // background's level (the border's median), stretched back to the full 0–255 range.
  const background = borderMedian(ink, width, height);
  if (background > 0 && background < 255) {
    const gain = 255 / (255 - background);
    for (let i = 0; i < ink.length; i++) ink[i] = Math.max(0, ink[i] - background) * gain;
  }

  const threshold = opts.threshold ?? 32;
  const box = inkBox(ink, width, height, threshold);
  const pixels = new Uint8Array(MNIST_SIZE * MNIST_SIZE);
  if (!box) return { pixels, empty: true };

  const pen = opts.pen ?? DEFAULT_PEN;
  if (pen !== 'keep' && !(Number.isFinite(pen) && pen > 0 && pen < BOX)) {
    throw new Error(`drawingToMnist: pen must be 'keep' or a width in (0, ${BOX}), got ${pen}`);
  }
  const small =
    pen === 'keep'
      ? areaAveraged(ink, width, box, threshold)
      : opts.normalize === 'skeleton'
        ? skeletonRedrawn(ink, width, box, threshold, pen)
        : eroded(ink, width, box, threshold, pen);
  placeByMass(small.pixels, small.width, small.height, pixels);
  return { pixels, empty: false };
}

/**
 * The ink in `box` at most SKELETON_MAX_SIDE a side (`values`), and binarised at `threshold`
 * with specks dropped (`bits`).
 */
function workImage(
  ink: Float32Array,
  stride: number,
  box: Box,
  threshold: number,
): { values: Float32Array; bits: Binary } {
  // Large drawings are averaged down first: thinning costs a pass per pixel of stroke half-width.
  const shrink = Math.min(1, SKELETON_MAX_SIDE / Math.max(box.width, box.height));
  const w = Math.max(1, Math.round(box.width * shrink));
  const h = Math.max(1, Math.round(box.height * shrink));
  const values =
    shrink < 1
      ? resizeArea(ink, stride, box, w, h)
      : resizeArea(ink, stride, box, box.width, box.height);
  const bits = new Uint8Array(w * h);
  for (let i = 0; i < bits.length; i++) if (values[i] > threshold) bits[i] = 1;
  return { values, bits: dropSpecks({ bits, width: w, height: h }, SPECK) };
}

/** The ink's skeleton redrawn with a round pen `pen` wide, its strokes spanning the 20 px box. */
function skeletonRedrawn(
  ink: Float32Array,
  stride: number,
  box: Box,
  threshold: number,
  pen: number,
): { pixels: Float32Array; width: number; height: number } {
  return redraw(thin(workImage(ink, stride, box, threshold).bits), BOX, pen);
}

/** Strokes wider than `pen` (at the scale of the 20 px box) eroded to it, then area-averaged. */
function eroded(
  ink: Float32Array,
  stride: number,
  box: Box,
  threshold: number,
  pen: number,
): { pixels: Float32Array; width: number; height: number } {
  const { values, bits: work } = workImage(ink, stride, box, threshold);
  const scale = BOX / Math.max(work.width, work.height);
  const thinned = erodeToWidth(work, pen / scale);
  // The drawing's own grey levels, less the ink that erosion (or speck removal) took away.
  for (let i = 0; i < values.length; i++)
    if (values[i] > threshold && !thinned.bits[i]) values[i] = 0;
  return areaAveraged(values, thinned.width, bitsBox(thinned) as Box, threshold);
}

/** The seed's way: the ink box area-averaged into the 20 px box, stretched, thin pens widened. */
function areaAveraged(
  ink: Float32Array,
  width: number,
  box: Box,
  threshold: number,
): { pixels: Float32Array; width: number; height: number } {
  // Fit the longer side into 20 px, keeping the aspect ratio.
  const scale = BOX / Math.max(box.width, box.height);
  let outW = Math.max(1, Math.round(box.width * scale));
  let outH = Math.max(1, Math.round(box.height * scale));
  let small = resizeArea(ink, width, box, outW, outH);
  // A thin pen shrunk from a large image fades to grey, where MNIST's strokes are at full
  // intensity: scale so that the brightest tenth of the ink reaches 255 (crossings saturate).
  const level = strokeLevel(small);
  if (level > 0 && level < 255) for (let i = 0; i < small.length; i++) small[i] *= 255 / level;
  // ...and it is thinner than MNIST's strokes (about 2 px): widen it by one pixel each way.
  if (strokeWidth(ink, width, box, threshold) * scale < MIN_STROKE) {
    ({ pixels: small, width: outW, height: outH } = dilate3x3(small, outW, outH));
  }
  return { pixels: small, width: outW, height: outH };
}

/** Writes `small` into the 28x28 `pixels`, shifted by whole pixels so its centre of mass lands on MNIST's. */
function placeByMass(small: Float32Array, outW: number, outH: number, pixels: Uint8Array): void {
  // Centre by mass: shift by whole pixels so the centre of mass lands on MNIST's.
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const v = small[y * outW + x];
      mass += v;
      mx += v * x;
      my += v * y;
    }
  }
  const left = Math.round(MNIST_CENTER.x - mx / mass);
  const top = Math.round(MNIST_CENTER.y - my / mass);
  for (let y = 0; y < outH; y++) {
    const ty = y + top;
    if (ty < 0 || ty >= MNIST_SIZE) continue;
    for (let x = 0; x < outW; x++) {
      const tx = x + left;
      if (tx < 0 || tx >= MNIST_SIZE) continue;
      pixels[ty * MNIST_SIZE + tx] = Math.min(255, Math.round(small[y * outW + x]));
    }
  }
}

function borderIsBright(gray: ArrayLike<number>, width: number, height: number): boolean {
  let sum = 0;
  let count = 0;
  for (let x = 0; x < width; x++) {
    sum += gray[x] + gray[(height - 1) * width + x];
    count += 2;
  }
  for (let y = 0; y < height; y++) {
    sum += gray[y * width] + gray[y * width + width - 1];
    count += 2;
  }
  return sum / count > 127;
}

/**
 * The median of the border pixels: the background's level wherever the ink leaves the edges. The
 * values are 0–255 (taken to the nearest whole number), so a 256-bin histogram finds it in linear
 * time: sorting the border of a 4,000,000x1 image stalled a server for seconds.
 */
function borderMedian(values: Float32Array, width: number, height: number): number {
  const histogram = new Uint32Array(256);
  const add = (v: number) => histogram[Math.min(255, Math.max(0, Math.round(v)))]++;
  for (let x = 0; x < width; x++) {
    add(values[x]);
    add(values[(height - 1) * width + x]);
  }
  for (let y = 1; y < height - 1; y++) {
    add(values[y * width]);
    add(values[y * width + width - 1]);
  }
  // The element at index count >> 1 of the sorted border, as before.
  const count = 2 * width + 2 * Math.max(0, height - 2);
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v];
    if (seen > count >> 1) return v;
  }
  return 255;
}

function inkBox(ink: Float32Array, width: number, height: number, threshold: number): Box | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/**
 * Area-averaging resize of a box of `src` (row stride `stride`) to outW×outH: each output pixel is
 * the mean of the source area it covers, with partial pixels weighted by their overlap.
 */
export function resizeArea(
  src: Float32Array,
  stride: number,
  box: Box,
  outW: number,
  outH: number,
): Float32Array {
  // Separable: rows first (width), then columns (height).
  const wx = overlapWeights(box.width, outW);
  const wy = overlapWeights(box.height, outH);
  const rows = new Float32Array(box.height * outW);
  for (let y = 0; y < box.height; y++) {
    const base = (box.y + y) * stride + box.x;
    for (const { out, from, weight } of wx) rows[y * outW + out] += src[base + from] * weight;
  }
  const dst = new Float32Array(outW * outH);
  for (const { out, from, weight } of wy) {
    for (let x = 0; x < outW; x++) dst[out * outW + x] += rows[from * outW + x] * weight;
  }
  return dst;
}

/** For an n → m resize, which source pixels feed each output pixel and with what weight (summing to 1). */
function overlapWeights(n: number, m: number): { out: number; from: number; weight: number }[] {
  const weights: { out: number; from: number; weight: number }[] = [];
  const step = n / m;
  for (let out = 0; out < m; out++) {
    const start = out * step;
    const end = start + step;
    for (let from = Math.floor(start); from < Math.min(n, Math.ceil(end)); from++) {
      const overlap = Math.min(end, from + 1) - Math.max(start, from);
      if (overlap > 0) weights.push({ out, from, weight: overlap / step });
    }
  }
  return weights;
}
