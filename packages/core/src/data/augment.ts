// Random augmentation of an image: what a drawing on a canvas varies that MNIST does not, each
// piece off at 0 — stroke thickness (grey-level dilate/erode), elastic distortion (Simard et al.
// 2003: a smoothed random displacement field), scale, shear, rotation and translation. The
// geometric parts are one bilinear resampling through the inverse map. With the defaults it is
// the seed's torchvision RandomAffine(degrees=10, translate=(0.1, 0.1)), interpolating bilinearly.
import type { Generator } from '../random.js';

/** Ranges of the random augmentation; 0 turns a part off. */
export interface AugmentOptions {
  /** Rotation drawn uniformly from ±degrees (10). */
  degrees?: number;
  /** Translation drawn uniformly from ±translate·size, rounded to whole pixels as torchvision does (0.1). */
  translate?: number;
  /** Scale drawn uniformly from [1 − scale, 1 + scale] (0: none, as the seed). */
  scale?: number;
  /** Horizontal shear angle drawn uniformly from ±shear degrees (0: none). */
  shear?: number;
  /**
   * Stroke thickness: t drawn uniformly from ±thickness; t > 0 blends the image toward its 3x3
   * grey-level dilation by t (thicker strokes, up to a pixel each way at 1), t < 0 toward its
   * erosion (thinner). 0: none.
   */
  thickness?: number;
  /** Elastic distortion: the largest mean displacement, in pixels, of the smoothed field (0: none). */
  elastic?: number;
  /** Smoothness of the elastic field: the Gaussian's sigma in pixels (4). */
  elasticSigma?: number;
}

/**
 * Writes a randomly augmented copy of `src` (height×width, values in any range) into `dst`;
 * pixels that come from outside the image are 0. Only the parts that are on draw from `generator`,
 * so the seed's options (degrees, translate) give the same images as before the others existed.
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
  const shearRange = opts.shear ?? 0;
  const thickness = opts.thickness ?? 0;
  const elastic = opts.elastic ?? 0;
  const angle = (generator.uniform(-degrees, degrees) * Math.PI) / 180;
  const tx = Math.round(generator.uniform(-translate * width, translate * width));
  const ty = Math.round(generator.uniform(-translate * height, translate * height));
  const scale = scaleRange > 0 ? generator.uniform(1 - scaleRange, 1 + scaleRange) : 1;
  const shear = shearRange > 0 ? (generator.uniform(-shearRange, shearRange) * Math.PI) / 180 : 0;
  let source = src;
  if (thickness > 0) {
    const thick = new Float32Array(height * width);
    strokeThickness(src, thick, height, width, generator.uniform(-thickness, thickness));
    source = thick;
  }
  const field =
    elastic > 0
      ? elasticField(height, width, generator, elastic, opts.elasticSigma ?? 4)
      : undefined;
  affine(source, dst, height, width, angle, tx, ty, scale, shear, field);
}

/**
 * dst = src sheared horizontally by `shear` radians, scaled, rotated by `angle` radians about the
 * image centre, then shifted by (tx, ty); each output pixel samples the source bilinearly through
 * the inverse map, displaced by `field` (dx then dy planes, height×width each) when given.
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
  shear = 0,
  field?: Float32Array,
): void {
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  // Forward map A = R(angle) · scale · [[1, tan(shear)], [0, 1]]; its inverse
  // is [[1, −tan(shear)], [0, 1]] · R(−angle) / scale.
  const cos = Math.cos(angle) / scale;
  const sin = Math.sin(angle) / scale;
  const k = Math.tan(shear);
  const plane = height * width;
  for (let y = 0; y < height; y++) {
    const dy = y - cy - ty;
    for (let x = 0; x < width; x++) {
      const dx = x - cx - tx;
      const ux = cos * dx + sin * dy;
      const uy = -sin * dx + cos * dy;
      let sx = ux - k * uy + cx;
      let sy = uy + cy;
      if (field) {
        sx += field[y * width + x];
        sy += field[plane + y * width + x];
      }
      dst[y * width + x] = bilinear(src, height, width, sx, sy);
    }
  }
}

/**
 * Grey-level stroke thickness change: t in [−1, 1]; dst = src blended by |t| toward its 3x3
 * dilation (max, t > 0) or erosion (min, t < 0). t = 0 copies; the result stays within src's range.
 */
export function strokeThickness(
  src: ArrayLike<number>,
  dst: Float32Array,
  height: number,
  width: number,
  t: number,
): void {
  if (!(t >= -1 && t <= 1)) {
    throw new Error(`strokeThickness: t must be in [-1, 1], got ${t}`);
  }
  const grow = t > 0;
  const w = Math.abs(t);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Outside the image reads as background (0) for erosion's min and is skipped for dilation's max.
      let m = src[y * width + x];
      for (let yy = y - 1; yy <= y + 1; yy++) {
        for (let xx = x - 1; xx <= x + 1; xx++) {
          const inside = yy >= 0 && xx >= 0 && yy < height && xx < width;
          const v = inside ? src[yy * width + xx] : 0;
          if (grow ? v > m : v < m) m = v;
        }
      }
      const v = src[y * width + x];
      dst[y * width + x] = v + w * (m - v);
    }
  }
}

/**
 * A random elastic displacement field (Simard et al. 2003): uniform noise in [−1, 1] per pixel and
 * axis, smoothed by a Gaussian of `sigma` px, scaled so its mean magnitude is alpha·u with u drawn
 * uniformly from [0, 1]. Returns the dx plane then the dy plane, height×width each.
 */
export function elasticField(
  height: number,
  width: number,
  generator: Generator,
  alpha: number,
  sigma: number,
): Float32Array {
  const plane = height * width;
  const field = new Float32Array(2 * plane);
  for (let i = 0; i < field.length; i++) field[i] = generator.uniform(-1, 1);
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float32Array(2 * radius + 1);
  for (let i = -radius; i <= radius; i++)
    kernel[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
  const tmp = new Float32Array(plane);
  for (let c = 0; c < 2; c++) {
    const f = field.subarray(c * plane, (c + 1) * plane);
    // Separable blur, clamping at the borders: rows into tmp, then columns back into f.
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let s = 0;
        for (let i = -radius; i <= radius; i++) {
          const xx = Math.min(width - 1, Math.max(0, x + i));
          s += kernel[i + radius] * f[y * width + xx];
        }
        tmp[y * width + x] = s;
      }
    }
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let s = 0;
        for (let i = -radius; i <= radius; i++) {
          const yy = Math.min(height - 1, Math.max(0, y + i));
          s += kernel[i + radius] * tmp[yy * width + x];
        }
        f[y * width + x] = s;
      }
    }
  }
  let mean = 0;
  for (let p = 0; p < plane; p++) mean += Math.hypot(field[p], field[plane + p]);
  mean /= plane;
  const gain = mean > 0 ? (alpha * generator.random()) / mean : 0;
  for (let i = 0; i < field.length; i++) field[i] *= gain;
  return field;
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
