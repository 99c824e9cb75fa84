// MNIST digits redrawn the ways users' drawings arrive, then passed through the app's own
// drawing -> MNIST transform: how the model fares on inputs that are not MNIST's clean crops.
import { data } from '@digitnet/core';

/** The ways `evaluate --as` redraws a digit. */
export const RENDERINGS = ['mnist', 'canvas', 'paper', 'thin-pen'] as const;
export type Rendering = (typeof RENDERINGS)[number];

/** What each rendering is, for --help and the report. */
export const RENDERING_HELP: Record<Rendering, string> = {
  mnist: "MNIST's own 28x28 images, as the model was trained",
  canvas: "the app's canvas: white ink on black, 280x280",
  paper: 'a photo of pencil on paper: dark grey ink on light grey, noisy paper, 280x280',
  'thin-pen': "a thin pen on a large scan: strokes about a third as wide as MNIST's, 560x560",
};

interface Gray {
  pixels: Uint8Array;
  size: number;
}

/** A 28x28 image scaled up `factor` times (nearest neighbour), each pixel mapped by `map`. */
function enlarge(img: Uint8Array, factor: number, map: (v: number, i: number) => number): Gray {
  const size = 28 * factor;
  const pixels = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    const row = Math.floor(y / factor) * 28;
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      pixels[i] = map(img[row + Math.floor(x / factor)], i);
    }
  }
  return { pixels, size };
}

/**
 * Keeps the ink pixels whose square neighbourhood of `radius` is all ink: strokes lose 2·radius
 * pixels of width. Separable, from run lengths of ink (linear time whatever the radius).
 */
function erode(g: Gray, radius: number): Gray {
  const { size } = g;
  // keep[i] = 1 where the 2·radius+1 pixels centred on i, `stride` apart, are all ink.
  const pass = (src: Uint8Array, stride: number, step: number): Uint8Array => {
    const out = new Uint8Array(size * size);
    const before = new Int32Array(size);
    for (let line = 0; line < size; line++) {
      const base = line * stride;
      let run = 0;
      for (let k = 0; k < size; k++) {
        run = src[base + k * step] > 0 ? run + 1 : 0;
        before[k] = run;
      }
      run = 0;
      for (let k = size - 1; k >= 0; k--) {
        run = src[base + k * step] > 0 ? run + 1 : 0;
        if (before[k] > radius && run > radius) out[base + k * step] = 255;
      }
    }
    return out;
  };
  const rows = pass(g.pixels, size, 1);
  return { pixels: pass(rows, 1, size), size };
}

/** A deterministic noise of ±amplitude per pixel (no generator state: the same image every run). */
const noise = (i: number, amplitude: number) => ((i * 7919) % (2 * amplitude + 1)) - amplitude;

function render(img: Uint8Array, how: Exclude<Rendering, 'mnist'>): Gray {
  if (how === 'canvas') return enlarge(img, 10, (v) => v);
  if (how === 'paper') {
    return enlarge(img, 10, (v, i) =>
      Math.max(0, Math.min(255, 195 - Math.round(v * 0.6) + noise(i, 6))),
    );
  }
  return erode(
    enlarge(img, 20, (v) => (v > 128 ? 255 : 0)),
    8,
  );
}

/** `ds` with every image redrawn as `how` and brought back to 28x28 by data.drawingToMnist(opts). */
export function rendered(
  ds: data.ImageDataset,
  how: Rendering,
  opts: data.DrawingOptions = {},
): data.ImageDataset {
  if (how === 'mnist') return ds;
  if (ds.width !== 28 || ds.height !== 28) {
    throw new Error(`--as ${how} redraws 28x28 digits; these images are ${ds.width}x${ds.height}`);
  }
  const images = new Uint8Array(ds.images.length);
  for (let n = 0; n < ds.count; n++) {
    const { pixels, size } = render(ds.images.subarray(n * 784, (n + 1) * 784), how);
    images.set(data.drawingToMnist(pixels, size, size, opts).pixels, n * 784);
  }
  return { ...ds, images };
}
