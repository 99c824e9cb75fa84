// The "drawn digits" evaluation set: MNIST test digits redrawn as canvas strokes — thinned to
// their centre lines and painted again with a round brush at several sizes, pen widths and
// offsets on the app's 280x280 canvas (white on black), European 1s (a long flag) and 7s (a
// crossbar) among them — encoded as PNG the way the browser sends them and decoded the way the
// server does. Seeded: the same set every run. For evaluation only: never train on it.
import { data, Generator } from '@digitnet/core';
import sharp from 'sharp';

/** The app's canvas side, in pixels. */
export const CANVAS = 280;
/** Digit heights on the canvas, in pixels (the app's own guide is about 200). */
export const SIZES = [60, 100, 150, 220] as const;
/** Pen widths, in canvas pixels (the app's brush is 20); at most a third of the digit's height. */
export const PENS = [10, 20, 30] as const;

/** What `evaluate --as drawn` is, for --help and the report. */
export const DRAWN_HELP =
  "MNIST's digits thinned and repainted as canvas strokes, 60-220 px tall, pens 10-30 px, anywhere on 280x280, half the 1s and 7s European, sent as PNG (seed 16)";

/** A greyscale canvas, 0–255, ink bright. */
export interface Canvas {
  readonly pixels: Uint8Array;
  readonly size: number;
}

/** One drawing of the set, as the server receives it, and what it shows. */
export interface Drawing {
  readonly png: Buffer;
  readonly label: number;
  /** How it was drawn, e.g. 'h100 pen20' or 'h60 pen30 euro'. */
  readonly kind: string;
}

/** Paints capsules (round-capped segments) into a canvas, antialiased, as a canvas 2D stroke does. */
export class Painter {
  readonly pixels: Float32Array;
  constructor(readonly size: number) {
    this.pixels = new Float32Array(size * size);
  }

  /** A segment from (ax, ay) to (bx, by) with a round pen `width` wide. */
  line(ax: number, ay: number, bx: number, by: number, width: number): void {
    const r = width / 2;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const xs = Math.max(0, Math.floor(Math.min(ax, bx) - r - 1));
    const xe = Math.min(this.size - 1, Math.ceil(Math.max(ax, bx) + r + 1));
    const ys = Math.max(0, Math.floor(Math.min(ay, by) - r - 1));
    const ye = Math.min(this.size - 1, Math.ceil(Math.max(ay, by) + r + 1));
    for (let y = ys; y <= ye; y++) {
      for (let x = xs; x <= xe; x++) {
        const cx = x + 0.5;
        const cy = y + 0.5;
        const t =
          len2 === 0 ? 0 : Math.max(0, Math.min(1, ((cx - ax) * dx + (cy - ay) * dy) / len2));
        const d = Math.hypot(cx - ax - t * dx, cy - ay - t * dy);
        const v = Math.max(0, Math.min(1, r + 0.5 - d)) * 255;
        const i = y * this.size + x;
        if (v > this.pixels[i]) this.pixels[i] = v;
      }
    }
  }

  /** A polyline through `points` ([x, y] pairs). */
  polyline(points: readonly (readonly [number, number])[], width: number): void {
    if (points.length === 1) this.line(...points[0], ...points[0], width);
    for (let i = 1; i < points.length; i++) this.line(...points[i - 1], ...points[i], width);
  }

  canvas(): Canvas {
    return { pixels: Uint8Array.from(this.pixels, (v) => Math.round(v)), size: this.size };
  }
}

/** The centre lines of a 28x28 MNIST digit: its skeleton at 4x (bilinear upsampling, threshold 128). */
export function centreLines(img: Uint8Array): data.Binary {
  const up = 4;
  const size = 28 * up;
  const bits = new Uint8Array(size * size);
  const at = (x: number, y: number) => (x < 0 || y < 0 || x > 27 || y > 27 ? 0 : img[y * 28 + x]);
  for (let y = 0; y < size; y++) {
    const fy = (y + 0.5) / up - 0.5;
    const y0 = Math.floor(fy);
    const wy = fy - y0;
    for (let x = 0; x < size; x++) {
      const fx = (x + 0.5) / up - 0.5;
      const x0 = Math.floor(fx);
      const wx = fx - x0;
      const v =
        (at(x0, y0) * (1 - wx) + at(x0 + 1, y0) * wx) * (1 - wy) +
        (at(x0, y0 + 1) * (1 - wx) + at(x0 + 1, y0 + 1) * wx) * wy;
      if (v > 128) bits[y * size + x] = 1;
    }
  }
  return data.thin({ bits, width: size, height: size });
}

/** Every link between 8-adjacent skeleton pixels, as [x0, y0, x1, y1] in skeleton pixels. */
function links(sk: data.Binary): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  const { bits, width, height } = sk;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!bits[y * width + x]) continue;
      let linked = false;
      for (const [dx, dy] of [
        [1, 0],
        [-1, 1],
        [0, 1],
        [1, 1],
      ]) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || nx >= width || ny >= height || !bits[ny * width + nx]) continue;
        out.push([x, y, nx, ny]);
        linked = true;
      }
      if (!linked) out.push([x, y, x, y]);
    }
  }
  return out;
}

/** Options of drawDigit: the digit's height and pen on the canvas, where, and European strokes. */
export interface DrawOptions {
  height: number;
  pen: number;
  /** Where the digit's box sits, 0–1 of the room left on each axis. */
  at: [number, number];
  /** Add a 1's long flag or a 7's crossbar (other digits ignore it). */
  european?: boolean;
  /** The flag's angle below the horizontal, degrees (35) and length, a fraction of the height (0.38). */
  flag?: { angle: number; length: number };
  /** The crossbar's length, a fraction of the height (0.4), and where, 0 top to 1 bottom (0.5). */
  crossbar?: { length: number; at: number };
}

/**
 * A 28x28 MNIST digit redrawn on a 280x280 canvas: its centre lines painted with a round pen.
 * Returns null when the digit has no centre lines (an empty image).
 */
export function drawDigit(img: Uint8Array, label: number, opts: DrawOptions): Canvas | null {
  const sk = centreLines(img);
  const segs = links(sk);
  if (segs.length === 0) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [ax, ay, bx, by] of segs) {
    x0 = Math.min(x0, ax, bx);
    y0 = Math.min(y0, ay, by);
    x1 = Math.max(x1, ax, bx);
    y1 = Math.max(y1, ay, by);
  }
  const extra: [number, number, number, number][] = [];
  if (opts.european && label === 1) {
    // A long flag from the top of the stroke, down to the left: a third of the height, 35°.
    const top = segs.reduce((a, s) => (s[1] < a[1] ? s : a));
    const len = (opts.flag?.length ?? 0.38) * (y1 - y0);
    const a = ((opts.flag?.angle ?? 35) * Math.PI) / 180;
    extra.push([top[0], top[1], top[0] - len * Math.cos(a), top[1] + len * Math.sin(a)]);
  }
  if (opts.european && label === 7) {
    // A crossbar through the stem at mid-height, 40% of the height long.
    const mid = y0 + (opts.crossbar?.at ?? 0.5) * (y1 - y0);
    const near = segs.filter((s) => Math.abs(s[1] - mid) < 2);
    const cx = near.length ? near.reduce((a, s) => a + s[0], 0) / near.length : (x0 + x1) / 2;
    const half = ((opts.crossbar?.length ?? 0.4) / 2) * (y1 - y0);
    extra.push([cx - half, mid, cx + half, mid]);
  }
  for (const [ax, , bx] of extra) {
    x0 = Math.min(x0, ax, bx);
    x1 = Math.max(x1, ax, bx);
  }
  const { pen } = opts;
  // The drawn height (strokes included) is opts.height, unless the digit is too wide to fit.
  const room = CANVAS - pen - 2;
  const scale = Math.min(
    (opts.height - pen) / Math.max(1, y1 - y0),
    room / Math.max(1, x1 - x0),
    room / Math.max(1, y1 - y0),
  );
  const w = (x1 - x0) * scale + pen;
  const h = (y1 - y0) * scale + pen;
  const left = Math.max(0, CANVAS - w) * opts.at[0] + pen / 2;
  const top = Math.max(0, CANVAS - h) * opts.at[1] + pen / 2;
  const painter = new Painter(CANVAS);
  const map = (x: number, y: number): [number, number] => [
    left + (x - x0) * scale,
    top + (y - y0) * scale,
  ];
  for (const [ax, ay, bx, by] of [...segs, ...extra]) {
    painter.line(...map(ax, ay), ...map(bx, by), pen);
  }
  return painter.canvas();
}

/** A canvas as the browser's PNG: RGBA, opaque, grey ink as R = G = B. */
export function encodePng(c: Canvas): Promise<Buffer> {
  const rgba = Buffer.alloc(c.size * c.size * 4);
  for (let i = 0; i < c.pixels.length; i++) {
    rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = c.pixels[i];
    rgba[i * 4 + 3] = 255;
  }
  return sharp(rgba, { raw: { width: c.size, height: c.size, channels: 4 } })
    .png()
    .toBuffer();
}

/** A PNG decoded as the server decodes it: sRGB RGBA, then data.rgbaToGray. */
export async function decodePng(
  png: Buffer,
): Promise<{ gray: Uint8Array; width: number; height: number }> {
  const { data: rgba, info } = await sharp(png)
    .toColourspace('srgb')
    .ensureAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return {
    gray: data.rgbaToGray(rgba, info.width, info.height),
    width: info.width,
    height: info.height,
  };
}

/**
 * The drawn-digit set: `count` digits of `ds` (in order), each drawn at a size, pen and offset
 * drawn from Generator(seed); half of the 1s and 7s European.
 */
export async function drawnDigits(
  ds: data.ImageDataset,
  count: number,
  seed = 16,
): Promise<Drawing[]> {
  const rng = new Generator(seed);
  const out: Drawing[] = [];
  for (let n = 0; n < Math.min(count, ds.count); n++) {
    const label = ds.labels[n];
    const height = SIZES[rng.int(SIZES.length)];
    const pens = PENS.filter((p) => p <= height / 3);
    const pen = pens[rng.int(pens.length)];
    const at: [number, number] = [rng.random(), rng.random()];
    const european = (label === 1 || label === 7) && rng.random() < 0.5;
    const c = drawDigit(ds.images.subarray(n * 784, (n + 1) * 784), label, {
      height,
      pen,
      at,
      european,
    });
    if (!c) continue;
    out.push({
      png: await encodePng(c),
      label,
      kind: `h${height} pen${pen}${european ? ' euro' : ''}`,
    });
  }
  return out;
}

/** Drawings brought to the model's input by the app's transform, as a dataset. */
export async function toDataset(
  drawings: readonly Drawing[],
  opts: data.DrawingOptions = {},
): Promise<data.ImageDataset> {
  const images = new Uint8Array(drawings.length * 784);
  const labels = new Uint8Array(drawings.length);
  for (let n = 0; n < drawings.length; n++) {
    const { gray, width, height } = await decodePng(drawings[n].png);
    images.set(data.drawingToMnist(gray, width, height, opts).pixels, n * 784);
    labels[n] = drawings[n].label;
  }
  return { images, labels, count: drawings.length, width: 28, height: 28 };
}
