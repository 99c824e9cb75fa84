// A generated set of drawings that are not a single digit — random scribbles, dots, letters
// rendered from DejaVu fonts, and two digits side by side — painted on the app's 280x280 canvas
// and encoded as PNG like the drawn-digit set. Seeded: the same set every run.
import { data, Generator, type models, type nn, noGrad, type Tensor, tidy } from '@digitnet/core';
import sharp from 'sharp';
import { CANVAS, type Drawing, drawDigit, encodePng, Painter, toDataset } from './drawn.js';

/** The kinds of non-digit, generated in turn. */
export const NON_DIGIT_KINDS = ['scribble', 'dots', 'letter', 'two-digits'] as const;
export type NonDigitKind = (typeof NON_DIGIT_KINDS)[number];

/**
 * Letters, leaving out those that are drawn like a digit (O o D Q for 0, I l i j for 1, Z z for 2,
 * S s for 5, b G for 6, B for 8, g q for 9) and T for 7.
 */
export const LETTERS = 'ACEFHJKLMNPRUVWXYacdefhkmnprtuvwxy';
/** DejaVu faces (fontconfig names) the letters are rendered in. */
export const FONTS = ['DejaVu Sans', 'DejaVu Serif', 'DejaVu Sans Mono'] as const;

/** A letter in `font`, white on black, `size` px, at a random place on the canvas. */
async function letter(ch: string, font: string, size: number, rng: Generator): Promise<Buffer> {
  const bold = rng.random() < 0.5 ? 'bold' : 'normal';
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CANVAS}" height="${CANVAS}">` +
    `<rect width="100%" height="100%" fill="#000"/>` +
    `<text x="${70 + rng.random() * 140}" y="${CANVAS / 2 + size * 0.35 + (rng.random() - 0.5) * 60}" ` +
    `font-family="${font}" font-weight="${bold}" font-size="${size}" fill="#fff" ` +
    `text-anchor="middle">${ch}</text></svg>`;
  return sharp(Buffer.from(svg)).flatten().png().toBuffer();
}

/** A random scribble: 1–3 strokes of smoothed random walk or zig-zag. */
export function scribble(rng: Generator): Painter {
  const p = new Painter(CANVAS);
  const pen = 10 + rng.random() * 20;
  const strokes = 1 + rng.int(3);
  for (let s = 0; s < strokes; s++) {
    const pts: [number, number][] = [];
    let x = 40 + rng.random() * 200;
    let y = 40 + rng.random() * 200;
    let heading = rng.random() * 2 * Math.PI;
    const zigzag = rng.random() < 0.4;
    const n = 4 + rng.int(10);
    for (let i = 0; i < n; i++) {
      pts.push([x, y]);
      heading = zigzag
        ? heading + Math.PI * (0.7 + 0.2 * rng.random())
        : heading + rng.normal() * 1.2;
      const step = 30 + rng.random() * 60;
      x = Math.max(15, Math.min(CANVAS - 15, x + step * Math.cos(heading)));
      y = Math.max(15, Math.min(CANVAS - 15, y + step * Math.sin(heading)));
    }
    p.polyline(pts, pen);
  }
  return p;
}

/** 1–4 dots (taps of a 10–30 px pen) anywhere on the canvas. */
export function dots(rng: Generator): Painter {
  const p = new Painter(CANVAS);
  const pen = 10 + rng.random() * 20;
  const n = 1 + rng.int(4);
  for (let i = 0; i < n; i++) {
    const x = 20 + rng.random() * (CANVAS - 40);
    const y = 20 + rng.random() * (CANVAS - 40);
    p.line(x, y, x + rng.normal() * 2, y + rng.normal() * 2, pen);
  }
  return p;
}

/** Two digits of `ds` side by side, each drawn 130 px wide at most, with the same pen. */
export function twoDigits(ds: data.ImageDataset, rng: Generator): Painter | null {
  const pen = [10, 20][rng.int(2)];
  const height = 100 + rng.random() * 100;
  const p = new Painter(CANVAS);
  for (const half of [0, 1]) {
    const n = rng.int(ds.count);
    const c = drawDigit(ds.images.subarray(n * 784, (n + 1) * 784), ds.labels[n], {
      height,
      pen,
      at: [0.5, 0.3 + 0.4 * rng.random()],
    });
    if (!c) return null;
    // drawDigit centres it on the canvas; move it to one half.
    const shift = half === 0 ? -65 : 65;
    for (let y = 0; y < CANVAS; y++) {
      for (let x = 0; x < CANVAS; x++) {
        const sx = x - shift;
        if (sx < 0 || sx >= CANVAS) continue;
        const v = c.pixels[y * CANVAS + sx];
        if (v > p.pixels[y * CANVAS + x]) p.pixels[y * CANVAS + x] = v;
      }
    }
  }
  return p;
}

/**
 * `count` non-digit drawings, the kinds in turn, from Generator(seed); two-digit drawings take
 * their digits from `ds` (label -1 on every drawing).
 */
export async function nonDigits(
  ds: data.ImageDataset,
  count: number,
  seed = 61,
): Promise<(Drawing & { kind: NonDigitKind })[]> {
  const rng = new Generator(seed);
  const out: (Drawing & { kind: NonDigitKind })[] = [];
  for (let n = 0; out.length < count; n++) {
    const kind = NON_DIGIT_KINDS[n % NON_DIGIT_KINDS.length];
    let png: Buffer | null = null;
    if (kind === 'letter') {
      const ch = LETTERS[rng.int(LETTERS.length)];
      png = await letter(ch, FONTS[rng.int(FONTS.length)], 90 + rng.random() * 130, rng);
    } else {
      const p =
        kind === 'scribble' ? scribble(rng) : kind === 'dots' ? dots(rng) : twoDigits(ds, rng);
      if (p) png = await encodePng(p.canvas());
    }
    if (png) out.push({ png, label: -1, kind });
  }
  return out;
}

/** The model's logits for every image of `ds` (normalised as in training), [count][10]. */
export function logitsOf(model: nn.Module, ds: data.ImageDataset, batchSize = 500): Float32Array[] {
  const out: Float32Array[] = [];
  eachBatch(model, ds, batchSize, (x) => {
    const logits = model.forward(x).dataSync();
    for (let i = 0; i * 10 < logits.length; i++) {
      out.push(Float32Array.from(logits.subarray(i * 10, i * 10 + 10)));
    }
  });
  return out;
}

/** An mnist-cnn's logits and activations (data.Activations), one row per image. */
export interface ModelOutputs {
  logits: Float32Array[];
  activations: data.Activations[];
}

/** The logits and activations of an mnist-cnn for every image of `ds`. */
export function outputsOf(
  model: models.MnistCnn,
  ds: data.ImageDataset,
  batchSize = 500,
): ModelOutputs {
  const logits: Float32Array[] = [];
  const activations: data.Activations[] = [];
  eachBatch(model, ds, batchSize, (x) => {
    const out = model.forwardWithActivations(x);
    const rows = (t: Tensor) => {
      const v = t.dataSync();
      const d = t.shape[1];
      return Array.from({ length: t.shape[0] }, (_, i) =>
        Float32Array.from(v.subarray(i * d, (i + 1) * d)),
      );
    };
    const [l, c1, c2, f1] = [out.logits, out.conv1, out.conv2, out.fc1].map(rows);
    l.forEach((row, i) => {
      logits.push(row);
      activations.push({ conv1: c1[i], conv2: c2[i], fc1: f1[i] });
    });
  });
  return { logits, activations };
}

/** Runs `f` on every batch of `ds` with `model` in eval mode, without gradients, freeing tensors. */
function eachBatch(
  model: nn.Module,
  ds: data.ImageDataset,
  batchSize: number,
  f: (x: Tensor) => void,
): void {
  const wasTraining = model.training;
  model.eval();
  try {
    noGrad(() => {
      for (const { x, y } of new data.DataLoader(ds, { batchSize })) {
        tidy(() => f(x));
        x.dispose();
        y.dispose();
      }
    });
  } finally {
    model.train(wasTraining);
  }
}

/**
 * data.notADigitFeatures of every image of `ds`, then data.activationFeatures under `stats` when
 * it is given.
 */
export function featuresOf(
  ds: data.ImageDataset,
  out: ModelOutputs,
  stats?: data.ActivationStats,
): number[][] {
  return out.logits.map((l, i) => {
    const f = data.notADigitFeatures(ds.images.subarray(i * 784, (i + 1) * 784), l);
    if (stats) f.push(...data.activationFeatures(out.activations[i], stats));
    return f;
  });
}

/**
 * How often each of `scores` (named) says "not a digit": on `count` generated non-digits (by
 * kind), and on `digits` (the images just evaluated, already through the transform). The drawings
 * are made and run through the model once for all the scores.
 */
export async function notADigitReport(
  model: models.MnistCnn,
  digits: data.ImageDataset,
  count: number,
  pairsFrom: data.ImageDataset,
  drawing: data.DrawingOptions,
  scores: readonly { name: string; score: data.NotADigitModel }[],
): Promise<string> {
  const drawings = await nonDigits(pairsFrom, count);
  const otherSet = await toDataset(drawings, drawing);
  const outputs = { others: outputsOf(model, otherSet), digits: outputsOf(model, digits) };
  const pct = (k: number, n: number) => `${((k / Math.max(1, n)) * 100).toFixed(2)}% (${k}/${n})`;
  const lines: string[] = [];
  for (const { name, score } of scores) {
    const flagged = (ds: data.ImageDataset, out: ModelOutputs): boolean[] =>
      featuresOf(ds, out, score.activations).map(
        (f) => data.scoreFeatures(f, score) >= score.threshold,
      );
    const others = flagged(otherSet, outputs.others);
    lines.push(
      `not a digit, score from ${name} (over ${data.notADigitFeatureNames(score).join(', ')}; ` +
        `threshold ${score.threshold}):`,
      `  non-digits (seed 61)  ${pct(others.filter(Boolean).length, others.length)}`,
    );
    for (const kind of NON_DIGIT_KINDS) {
      const mine = others.filter((_, i) => drawings[i].kind === kind);
      lines.push(`    ${kind.padEnd(19)} ${pct(mine.filter(Boolean).length, mine.length)}`);
    }
    const own = flagged(digits, outputs.digits);
    lines.push(`  these digits          ${pct(own.filter(Boolean).length, own.length)}`);
  }
  return lines.join('\n');
}
