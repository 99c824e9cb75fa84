// Training images for digits as many people outside the US write them (issue #16): a 1 with a long
// flag, a 7 with a crossbar. MNIST's writers rarely drew either, so a model trained on MNIST alone
// reads a flagged 1 as a 7. Each image is an MNIST *training* 1 or 7 redrawn as canvas strokes
// (drawn.ts's drawDigit) with a flag or crossbar of random geometry, at a random size, pen and place,
// then brought through the app's transform (data.drawingToMnist), as a drawing sent to the server is.
// Seed 1717: the drawn evaluation set uses 16 and the not-a-digit fit 116.
import { data, Generator } from '@digitnet/core';
import { CANVAS, type DrawOptions, drawDigit, PENS, SIZES } from './drawn.js';
import { cachedImages } from './image-cache.js';

/** One European digit to draw: which training image, and how. */
interface Pick {
  readonly index: number;
  readonly label: 1 | 7;
  readonly opts: DrawOptions;
}

// `count` picks from Generator(seed): 1s and 7s in turn, each a random training image of that digit.
// Flags 20–55° below the horizontal and 25–50% of the height; crossbars 25–50% long, 35–65% down.
function picks(train: data.ImageDataset, count: number, seed: number): Pick[] {
  const rng = new Generator(seed);
  const byLabel = { 1: [] as number[], 7: [] as number[] };
  for (let i = 0; i < train.count; i++) {
    const label = train.labels[i];
    if (label === 1 || label === 7) byLabel[label].push(i);
  }
  for (const label of [1, 7] as const) {
    if (byLabel[label].length === 0) {
      throw new Error(`european digits: the training set has no ${label}s to redraw`);
    }
  }
  const out: Pick[] = [];
  for (let n = 0; n < count; n++) {
    const label: 1 | 7 = n % 2 === 0 ? 1 : 7;
    const pool = byLabel[label];
    const height = SIZES[rng.int(SIZES.length)];
    const pens = PENS.filter((p) => p <= height / 3);
    out.push({
      index: pool[rng.int(pool.length)],
      label,
      opts: {
        height,
        pen: pens[rng.int(pens.length)],
        at: [rng.random(), rng.random()],
        european: true,
        flag: { angle: rng.uniform(20, 55), length: rng.uniform(0.25, 0.5) },
        crossbar: { length: rng.uniform(0.25, 0.5), at: rng.uniform(0.35, 0.65) },
      },
    });
  }
  return out;
}

/** `count` European 1s and 7s (in turn) from `train`'s training digits, 28x28, labels kept. */
export function europeanDigits(
  train: data.ImageDataset,
  count: number,
  seed = 1717,
): data.ImageDataset {
  const chosen = picks(train, count, seed);
  const images = new Uint8Array(count * 784);
  chosen.forEach((p, n) => {
    const canvas = drawDigit(
      train.images.subarray(p.index * 784, (p.index + 1) * 784),
      p.label,
      p.opts,
    );
    // An MNIST digit with no centre lines draws nothing: its image stays black (the transform's
    // "empty"), which the label then teaches nothing misleading about.
    if (canvas) images.set(data.drawingToMnist(canvas.pixels, CANVAS, CANVAS).pixels, n * 784);
  });
  return { images, labels: Uint8Array.from(chosen, (p) => p.label), count, height: 28, width: 28 };
}

/**
 * europeanDigits through a cache file in `dir` (digitnet-european-s<seed>.idx: the images of the
 * longest set made so far; a shorter set is its prefix, since picks are made in order). The
 * transform takes 50–150 ms an image. Pass the same `train` every time (the full training set).
 */
export async function cachedEuropean(
  train: data.ImageDataset,
  count: number,
  seed: number,
  dir: string,
): Promise<data.ImageDataset> {
  const make = () => europeanDigits(train, count, seed).images;
  const images = await cachedImages(dir, `digitnet-european-s${seed}`, count, make);
  const labels = Uint8Array.from(picks(train, count, seed), (p) => p.label);
  return { images, labels, count, height: 28, width: 28 };
}
