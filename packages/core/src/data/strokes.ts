// Stroke measurements that make a drawing look like MNIST whatever pen drew it: how wide and how
// bright its strokes are, and a dilation for pens too thin once the drawing is shrunk to 20 px.

/** A rectangle of pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The mean width of the strokes in `box` of `ink` (row stride `stride`), in pixels: twice the ink
 * area over its edge length (a stroke of width w and length L has area wL and two edges of L).
 */
export function strokeWidth(
  ink: Float32Array,
  stride: number,
  box: Box,
  threshold: number,
): number {
  let area = 0;
  let edge = 0;
  const isInk = (x: number, y: number) =>
    x >= box.x &&
    y >= box.y &&
    x < box.x + box.width &&
    y < box.y + box.height &&
    ink[y * stride + x] > threshold;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      if (!isInk(x, y)) continue;
      area++;
      if (!isInk(x - 1, y) || !isInk(x + 1, y) || !isInk(x, y - 1) || !isInk(x, y + 1)) edge++;
    }
  }
  return edge === 0 ? 0 : (2 * area) / edge;
}

/** The 90th percentile of the non-zero pixels: how bright the strokes are (0 without ink). */
export function strokeLevel(pixels: Float32Array): number {
  const ink = Array.from(pixels).filter((v) => v > 0);
  if (ink.length === 0) return 0;
  ink.sort((a, b) => a - b);
  return ink[Math.floor(0.9 * (ink.length - 1))];
}

/** A 3x3 greyscale dilation (maximum) of a width×height image, padded by one pixel on each side. */
export function dilate3x3(
  src: Float32Array,
  width: number,
  height: number,
): { pixels: Float32Array; width: number; height: number } {
  const w = width + 2;
  const h = height + 2;
  const out = new Float32Array(w * h);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = src[y * width + x];
      if (v === 0) continue;
      // Source (x, y) sits at (x + 1, y + 1) in the output and reaches its 8 neighbours.
      for (let dy = 0; dy < 3; dy++) {
        for (let dx = 0; dx < 3; dx++) {
          const i = (y + dy) * w + x + dx;
          if (v > out[i]) out[i] = v;
        }
      }
    }
  }
  return { pixels: out, width: w, height: h };
}
