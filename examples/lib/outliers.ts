// Outlier exposure (Hendrycks et al. 2019) for training: generated drawings that are not one
// digit — scribbles, dots, letters drawn as pen strokes, two training digits side by side — brought
// through the app's transform and labelled OUTLIER, which the loss trains toward the uniform
// distribution over the ten digits. Letters here are hand-stroked polylines, never the DejaVu fonts
// of the evaluation generator (lib/nondigits.ts), and the seed differs from the evaluation's (61)
// and the not-a-digit fit's (161), so the evaluation stays honest.
import { crossEntropy, data, Generator, type Tensor, tensor } from '@digitnet/core';
import { CANVAS, Painter } from './drawn.js';
import { cachedImages } from './image-cache.js';
import { dots, scribble, twoDigits } from './nondigits.js';

/** The label of an outlier image: one past the ten digits. */
export const OUTLIER = 10;

type Stroke = readonly (readonly [number, number])[];

/** Points along an ellipse arc, angles in degrees (0 = right, 90 = down). */
function arc(cx: number, cy: number, rx: number, ry: number, from: number, to: number): Stroke {
  const n = Math.max(4, Math.ceil(Math.abs(to - from) / 15));
  return Array.from({ length: n + 1 }, (_, i) => {
    const a = ((from + ((to - from) * i) / n) * Math.PI) / 180;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)] as const;
  });
}

/**
 * Letters as pen strokes in a unit box (x right, y down), leaving out those drawn like a digit
 * (O D Q I l Z S b G B g q T), as lib/nondigits.ts's LETTERS does.
 */
export const STROKED_LETTERS: Record<string, readonly Stroke[]> = {
  A: [
    [
      [0, 1],
      [0.4, 0],
      [0.8, 1],
    ],
    [
      [0.17, 0.6],
      [0.63, 0.6],
    ],
  ],
  C: [arc(0.45, 0.5, 0.45, 0.5, -45, -315)],
  E: [
    [
      [0.7, 0],
      [0, 0],
      [0, 1],
      [0.7, 1],
    ],
    [
      [0, 0.5],
      [0.55, 0.5],
    ],
  ],
  F: [
    [
      [0.7, 0],
      [0, 0],
      [0, 1],
    ],
    [
      [0, 0.5],
      [0.55, 0.5],
    ],
  ],
  H: [
    [
      [0, 0],
      [0, 1],
    ],
    [
      [0.7, 0],
      [0.7, 1],
    ],
    [
      [0, 0.5],
      [0.7, 0.5],
    ],
  ],
  J: [[[0.6, 0], ...arc(0.35, 0.75, 0.25, 0.25, 0, 180)]],
  K: [
    [
      [0, 0],
      [0, 1],
    ],
    [
      [0.7, 0],
      [0, 0.55],
      [0.7, 1],
    ],
  ],
  L: [
    [
      [0, 0],
      [0, 1],
      [0.65, 1],
    ],
  ],
  M: [
    [
      [0, 1],
      [0, 0],
      [0.45, 0.6],
      [0.9, 0],
      [0.9, 1],
    ],
  ],
  N: [
    [
      [0, 1],
      [0, 0],
      [0.75, 1],
      [0.75, 0],
    ],
  ],
  P: [[[0, 1], [0, 0], ...arc(0.35, 0.27, 0.35, 0.27, -90, 90), [0, 0.54]]],
  R: [
    [[0, 1], [0, 0], ...arc(0.35, 0.27, 0.35, 0.27, -90, 90), [0, 0.54]],
    [
      [0.3, 0.54],
      [0.75, 1],
    ],
  ],
  U: [[[0, 0], ...arc(0.35, 0.65, 0.35, 0.35, 180, 0), [0.7, 0]]],
  V: [
    [
      [0, 0],
      [0.4, 1],
      [0.8, 0],
    ],
  ],
  W: [
    [
      [0, 0],
      [0.25, 1],
      [0.5, 0.35],
      [0.75, 1],
      [1, 0],
    ],
  ],
  X: [
    [
      [0, 0],
      [0.75, 1],
    ],
    [
      [0.75, 0],
      [0, 1],
    ],
  ],
  Y: [
    [
      [0, 0],
      [0.4, 0.5],
      [0.8, 0],
    ],
    [
      [0.4, 0.5],
      [0.4, 1],
    ],
  ],
  a: [
    arc(0.3, 0.7, 0.3, 0.3, -30, -390),
    [
      [0.6, 0.4],
      [0.6, 1],
    ],
  ],
  e: [[[0, 0.65], [0.6, 0.65], ...arc(0.3, 0.65, 0.3, 0.35, 0, -320)]],
  h: [
    [
      [0, 0],
      [0, 1],
    ],
    [[0, 0.6], ...arc(0.3, 0.6, 0.3, 0.25, 180, 360), [0.6, 1]],
  ],
  k: [
    [
      [0, 0],
      [0, 1],
    ],
    [
      [0.55, 0.4],
      [0, 0.72],
      [0.55, 1],
    ],
  ],
  m: [
    [[0, 1], [0, 0.4], ...arc(0.25, 0.6, 0.25, 0.2, 180, 360), [0.5, 1]],
    [[0.5, 0.6], ...arc(0.75, 0.6, 0.25, 0.2, 180, 360), [1, 1]],
  ],
  n: [[[0, 1], [0, 0.4], ...arc(0.3, 0.65, 0.3, 0.25, 180, 360), [0.6, 1]]],
  r: [[[0, 1], [0, 0.4], ...arc(0.35, 0.65, 0.35, 0.25, 180, 270)]],
  t: [
    [[0.25, 0], [0.25, 0.85], ...arc(0.45, 0.85, 0.2, 0.15, 180, 90)],
    [
      [0, 0.35],
      [0.55, 0.35],
    ],
  ],
  u: [[[0, 0.4], ...arc(0.3, 0.75, 0.3, 0.25, 180, 0), [0.6, 0.4], [0.6, 1]]],
  v: [
    [
      [0, 0.4],
      [0.3, 1],
      [0.6, 0.4],
    ],
  ],
  w: [
    [
      [0, 0.4],
      [0.2, 1],
      [0.4, 0.55],
      [0.6, 1],
      [0.8, 0.4],
    ],
  ],
  x: [
    [
      [0, 0.4],
      [0.6, 1],
    ],
    [
      [0.6, 0.4],
      [0, 1],
    ],
  ],
  y: [
    [
      [0, 0.3],
      [0.35, 0.7],
    ],
    [
      [0.7, 0.3],
      [0.1, 1.1],
    ],
  ],
};

/** A stroked letter on the canvas: random size, pen, slant, wobble and place. */
export function strokedLetter(ch: string, rng: Generator): Painter {
  const strokes = STROKED_LETTERS[ch];
  if (!strokes) throw new Error(`strokedLetter: no strokes for ${JSON.stringify(ch)}`);
  const p = new Painter(CANVAS);
  const height = 70 + rng.random() * 150;
  const pen = Math.min(10 + rng.random() * 20, height / 3);
  const slant = (rng.random() - 0.5) * 0.5;
  const wobble = 0.03;
  const left = pen + rng.random() * Math.max(0, CANVAS - 2 * pen - height);
  const top = pen + rng.random() * Math.max(0, CANVAS - 2 * pen - height);
  for (const s of strokes) {
    p.polyline(
      s.map(([x, y]) => {
        const jx = x + rng.normal() * wobble + slant * (1 - y);
        const jy = y + rng.normal() * wobble;
        return [
          Math.max(0, Math.min(CANVAS, left + jx * height)),
          Math.max(0, Math.min(CANVAS, top + jy * height)),
        ] as const;
      }),
      pen,
    );
  }
  return p;
}

/** The kinds of training outlier, generated in turn. */
export const OUTLIER_KINDS = ['scribble', 'dots', 'letter', 'two-digits'] as const;

/**
 * `count` outlier images (28x28, through data.drawingToMnist with `opts`) from Generator(seed),
 * the kinds in turn; two-digit drawings take their digits from `ds` (pass the training set).
 * Labels are OUTLIER.
 */
export function outliers(
  ds: data.ImageDataset,
  count: number,
  seed = 1616,
  opts: data.DrawingOptions = {},
): data.ImageDataset {
  const rng = new Generator(seed);
  const letters = Object.keys(STROKED_LETTERS);
  const images = new Uint8Array(count * 784);
  let n = 0;
  for (let i = 0; n < count; i++) {
    const kind = OUTLIER_KINDS[i % OUTLIER_KINDS.length];
    const p =
      kind === 'scribble'
        ? scribble(rng)
        : kind === 'dots'
          ? dots(rng)
          : kind === 'letter'
            ? strokedLetter(letters[rng.int(letters.length)], rng)
            : twoDigits(ds, rng);
    if (!p) continue;
    const { pixels, empty } = data.drawingToMnist(p.canvas().pixels, CANVAS, CANVAS, opts);
    if (empty) continue;
    images.set(pixels, n * 784);
    n++;
  }
  return { images, labels: new Uint8Array(count).fill(OUTLIER), count, height: 28, width: 28 };
}

/**
 * outliers(ds, count, seed) through a cache file in `dir` (digitnet-outliers-s<seed>.idx, the
 * images of the longest set made so far: a shorter set is its prefix, since the generator makes
 * them in order). The transform takes 50–150 ms an image, so a cache saves minutes per run. Pass the
 * same `ds` every time (the full training set): two-digit drawings pick from it.
 */
export async function cachedOutliers(
  ds: data.ImageDataset,
  count: number,
  seed: number,
  dir: string,
): Promise<data.ImageDataset> {
  const make = () => outliers(ds, count, seed).images;
  const images = await cachedImages(dir, `digitnet-outliers-s${seed}`, count, make);
  return { images, labels: new Uint8Array(count).fill(OUTLIER), count, height: 28, width: 28 };
}

/**
 * Cross-entropy where a label of OUTLIER targets the uniform distribution over the K classes
 * (outlier exposure), every other label its one-hot. Without outliers in the batch it is
 * crossEntropy with int32 labels.
 */
export function outlierCrossEntropy(logits: Tensor, labels: Tensor): Tensor {
  const y = labels.dataSync();
  if (!y.some((v) => v === OUTLIER)) return crossEntropy(logits, labels);
  const [n, k] = logits.shape;
  const target = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    if (y[i] === OUTLIER) target.fill(1 / k, i * k, (i + 1) * k);
    else target[i * k + y[i]] = 1;
  }
  return crossEntropy(logits, tensor(target, [n, k]));
}
