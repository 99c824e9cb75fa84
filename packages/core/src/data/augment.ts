// Random affine augmentation (rotation and translation) with bilinear sampling, as the seed's
// torchvision RandomAffine(degrees=10, translate=(0.1, 0.1)) but interpolating bilinearly.
import type { Generator } from '../random.js';

/** Ranges of the random affine transform. */
export interface AugmentOptions {
  /** Rotation drawn uniformly from ±degrees (10). */
  degrees?: number;
  /** Translation drawn uniformly from ±translate·size, rounded to whole pixels as torchvision does (0.1). */
  translate?: number;
  /** Scale drawn uniformly from [1 − scale, 1 + scale] (0: none, as the seed). */
  scale?: number;
}

/**
 * Writes a randomly rotated and shifted copy of `src` (height×width, values in any range) into
 * `dst`; pixels that come from outside the image are 0.
 */
export function randomAffine(
  src: ArrayLike<number>,
  dst: Float32Array,
  height: number,
  width: number,
  generator: Generator,
  opts: AugmentOptions = {},
): void {
  const degrees = opts.degrees ?? 10;
  const translate = opts.translate ?? 0.1;
  const scaleRange = opts.scale ?? 0;
  const angle = (generator.uniform(-degrees, degrees) * Math.PI) / 180;
  const tx = Math.round(generator.uniform(-translate * width, translate * width));
  const ty = Math.round(generator.uniform(-translate * height, translate * height));
  const scale = scaleRange > 0 ? generator.uniform(1 - scaleRange, 1 + scaleRange) : 1;
  affine(src, dst, height, width, angle, tx, ty, scale);
}

/**
 * dst = src rotated by `angle` radians about the image centre, scaled, then shifted by (tx, ty);
 * each output pixel samples the source bilinearly through the inverse transform.
 */
export function affine(
  src: ArrayLike<number>,
  dst: Float32Array,
  height: number,
  width: number,
  angle: number,
  tx: number,
  ty: number,
  scale = 1,
): void {
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  // Inverse of (rotate, scale) is (rotate by −angle, divide by scale).
  const cos = Math.cos(angle) / scale;
  const sin = Math.sin(angle) / scale;
  for (let y = 0; y < height; y++) {
    const dy = y - cy - ty;
    for (let x = 0; x < width; x++) {
      const dx = x - cx - tx;
      const sx = cos * dx + sin * dy + cx;
      const sy = -sin * dx + cos * dy + cy;
      dst[y * width + x] = bilinear(src, height, width, sx, sy);
    }
  }
}

/** Samples src at a fractional position, reading 0 outside the image. */
export function bilinear(
  src: ArrayLike<number>,
  height: number,
  width: number,
  x: number,
  y: number,
): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  if (x0 < -1 || y0 < -1 || x0 >= width || y0 >= height) return 0;
  const fx = x - x0;
  const fy = y - y0;
  const at = (xx: number, yy: number) =>
    xx >= 0 && yy >= 0 && xx < width && yy < height ? src[yy * width + xx] : 0;
  const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
  const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
  return top * (1 - fy) + bottom * fy;
}
