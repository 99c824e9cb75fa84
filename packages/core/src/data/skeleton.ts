// Stroke width that does not depend on the pen or on how large the digit was drawn: the ink is
// thinned to a one-pixel skeleton (Zhang–Suen), then redrawn in the 20 px box with MNIST's pen.

import type { Box } from './strokes.js';

/** The longest side the thinning works at; larger drawings are area-averaged down to it first. */
export const SKELETON_MAX_SIDE = 256;

/** A binary image: 1 where ink. */
export interface Binary {
  readonly bits: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/**
 * Thins a binary image to one-pixel-wide, 8-connected centre lines (Zhang & Suen 1984), in place
 * on a copy; pixels on the image's edge count as having background beyond it.
 */
export function thin(img: Binary): Binary {
  const { width: w, height: h } = img;
  const bits = Uint8Array.from(img.bits);
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= w || y >= h ? 0 : bits[y * w + x]);
  const remove: number[] = [];
  for (let changed = true; changed; ) {
    changed = false;
    for (let pass = 0; pass < 2; pass++) {
      remove.length = 0;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          if (!bits[y * w + x]) continue;
          // Neighbours p2..p9 clockwise from north.
          const p2 = at(x, y - 1);
          const p3 = at(x + 1, y - 1);
          const p4 = at(x + 1, y);
          const p5 = at(x + 1, y + 1);
          const p6 = at(x, y + 1);
          const p7 = at(x - 1, y + 1);
          const p8 = at(x - 1, y);
          const p9 = at(x - 1, y - 1);
          const b = p2 + p3 + p4 + p5 + p6 + p7 + p8 + p9;
          if (b < 2 || b > 6) continue;
          const a =
            (p2 === 0 && p3 === 1 ? 1 : 0) +
            (p3 === 0 && p4 === 1 ? 1 : 0) +
            (p4 === 0 && p5 === 1 ? 1 : 0) +
            (p5 === 0 && p6 === 1 ? 1 : 0) +
            (p6 === 0 && p7 === 1 ? 1 : 0) +
            (p7 === 0 && p8 === 1 ? 1 : 0) +
            (p8 === 0 && p9 === 1 ? 1 : 0) +
            (p9 === 0 && p2 === 1 ? 1 : 0);
          if (a !== 1) continue;
          if (
            pass === 0
              ? p2 * p4 * p6 !== 0 || p4 * p6 * p8 !== 0
              : p2 * p4 * p8 !== 0 || p2 * p6 * p8 !== 0
          )
            continue;
          remove.push(y * w + x);
        }
      }
      for (const i of remove) bits[i] = 0;
      if (remove.length > 0) changed = true;
    }
  }
  return { bits, width: w, height: h };
}

/**
 * Drops the 8-connected ink components smaller than `fraction` of all the ink (stray specks),
 * unless that would drop everything.
 */
export function dropSpecks(img: Binary, fraction: number): Binary {
  const { bits, width: w, height: h } = img;
  const label = new Int32Array(w * h).fill(-1);
  const sizes: number[] = [];
  const stack: number[] = [];
  let total = 0;
  for (let start = 0; start < bits.length; start++) {
    if (!bits[start] || label[start] >= 0) continue;
    const id = sizes.length;
    let size = 0;
    label[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop() as number;
      size++;
      const x = i % w;
      const y = (i - x) / w;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const j = ny * w + nx;
          if (bits[j] && label[j] < 0) {
            label[j] = id;
            stack.push(j);
          }
        }
      }
    }
    sizes.push(size);
    total += size;
  }
  const keep = sizes.map((s) => s >= fraction * total);
  if (!keep.some(Boolean)) return img;
  const out = new Uint8Array(w * h);
  for (let i = 0; i < out.length; i++) if (bits[i] && keep[label[i]]) out[i] = 1;
  return { bits: out, width: w, height: h };
}

/** The smallest box holding every set pixel, or null when none is. */
export function bitsBox(img: Binary): Box | null {
  let x0 = img.width;
  let y0 = img.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (!img.bits[y * img.width + x]) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/**
 * Redraws a skeleton with a round pen `pen` pixels wide (antialiased), scaled so that its longer
 * side spans `fit` - `pen` pixels: the drawn strokes then span `fit`. Returns a greyscale image
 * (0–255) just large enough to hold them.
 */
export function redraw(
  skeleton: Binary,
  fit: number,
  pen: number,
): { pixels: Float32Array; width: number; height: number } {
  const box = bitsBox(skeleton);
  if (!box) return { pixels: new Float32Array(0), width: 0, height: 0 };
  const span = Math.max(box.width, box.height) - 1;
  // A single point (a dot) stays a dot of the pen's width.
  const scale = span > 0 ? Math.max(0, fit - pen) / span : 1;
  const r = pen / 2;
  const pad = Math.ceil(r) + 1;
  const width = Math.max(1, Math.ceil((box.width - 1) * scale)) + 2 * pad;
  const height = Math.max(1, Math.ceil((box.height - 1) * scale)) + 2 * pad;
  const pixels = new Float32Array(width * height);
  const { bits, width: sw } = skeleton;
  const px = (x: number) => (x - box.x) * scale + pad + 0.5;
  const py = (y: number) => (y - box.y) * scale + pad + 0.5;
  const segment = (ax: number, ay: number, bx: number, by: number) => {
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const xs = Math.max(0, Math.floor(Math.min(ax, bx) - r - 1));
    const xe = Math.min(width - 1, Math.ceil(Math.max(ax, bx) + r + 1));
    const ys = Math.max(0, Math.floor(Math.min(ay, by) - r - 1));
    const ye = Math.min(height - 1, Math.ceil(Math.max(ay, by) + r + 1));
    for (let y = ys; y <= ye; y++) {
      for (let x = xs; x <= xe; x++) {
        // Distance from the pixel's centre to the segment.
        const cx = x + 0.5;
        const cy = y + 0.5;
        const t =
          len2 === 0 ? 0 : Math.max(0, Math.min(1, ((cx - ax) * dx + (cy - ay) * dy) / len2));
        const d = Math.hypot(cx - ax - t * dx, cy - ay - t * dy);
        const v = Math.max(0, Math.min(1, r + 0.5 - d)) * 255;
        const i = y * width + x;
        if (v > pixels[i]) pixels[i] = v;
      }
    }
  };
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      if (!bits[y * sw + x]) continue;
      let linked = false;
      // Forward neighbours only (E, SW, S, SE), so each link is drawn once.
      for (const [dx, dy] of [
        [1, 0],
        [-1, 1],
        [0, 1],
        [1, 1],
      ]) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || nx >= sw || ny >= skeleton.height || !bits[ny * sw + nx]) continue;
        segment(px(x), py(y), px(nx), py(ny));
        linked = true;
      }
      if (!linked) segment(px(x), py(y), px(x), py(y));
    }
  }
  return { pixels, width, height };
}

/**
 * Each ink pixel's distance to the nearest background pixel (chamfer 3-4, in pixels; a pixel
 * next to the background is 1, beyond the image's edge counts as background).
 */
export function distanceToBackground(img: Binary): Float32Array {
  const { bits, width: w, height: h } = img;
  const big = 1e9;
  const d = new Float32Array(w * h);
  for (let i = 0; i < d.length; i++) d[i] = bits[i] ? big : 0;
  const get = (x: number, y: number) => (x < 0 || y < 0 || x >= w || y >= h ? 0 : d[y * w + x]);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (d[i] === 0) continue;
      d[i] = Math.min(
        d[i],
        get(x - 1, y) + 3,
        get(x, y - 1) + 3,
        get(x - 1, y - 1) + 4,
        get(x + 1, y - 1) + 4,
      );
    }
  }
  for (let y = h - 1; y >= 0; y--) {
    for (let x = w - 1; x >= 0; x--) {
      const i = y * w + x;
      if (d[i] === 0) continue;
      d[i] = Math.min(
        d[i],
        get(x + 1, y) + 3,
        get(x, y + 1) + 3,
        get(x + 1, y + 1) + 4,
        get(x - 1, y + 1) + 4,
      );
    }
  }
  for (let i = 0; i < d.length; i++) d[i] /= 3;
  return d;
}

/** The mean stroke width of a binary image: twice its area over its edge pixels (0 without ink). */
export function binaryStrokeWidth(img: Binary): number {
  const { bits, width: w, height: h } = img;
  const at = (x: number, y: number) => x >= 0 && y >= 0 && x < w && y < h && bits[y * w + x] === 1;
  let area = 0;
  let edge = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!bits[y * w + x]) continue;
      area++;
      if (!at(x - 1, y) || !at(x + 1, y) || !at(x, y - 1) || !at(x, y + 1)) edge++;
    }
  }
  return edge === 0 ? 0 : (2 * area) / edge;
}

/**
 * Thins strokes wider than `width` down to about `width` by eroding them, keeping the skeleton so
 * that no stroke disappears; narrower strokes are left as they are.
 */
export function erodeToWidth(img: Binary, width: number): Binary {
  const have = binaryStrokeWidth(img);
  if (have <= width) return img;
  const erode = (have - width) / 2;
  const d = distanceToBackground(img);
  const skeleton = thin(img);
  const bits = new Uint8Array(img.bits.length);
  for (let i = 0; i < bits.length; i++) if (d[i] > erode || skeleton.bits[i]) bits[i] = 1;
  return { bits, width: img.width, height: img.height };
}
