// The fine-tune's data: labelled submissions from PostgreSQL, a seeded stratified split of them,
// and MNIST mixed in.
import { data, Generator } from '@digitnet/core';
import type { Db } from '@digitnet/server';

/** Labelled drawings (the 28x28 images the server's model saw) with their submission ids. */
export interface Submissions extends data.ImageDataset {
  /** Submission ids, in the order of the images. */
  readonly ids: Float64Array;
}

/** Every labelled submission with an id in [fromId, toId], in id order. */
export async function loadSubmissions(
  db: Db,
  range: { fromId?: number; toId?: number } = {},
): Promise<Submissions> {
  const exists = await db<{ t: string | null }[]>`select to_regclass('submissions')::text as t`;
  if (!exists[0]?.t) {
    throw new Error(
      'the database has no submissions table: start the server on it once (it applies the migrations)',
    );
  }
  const rows = await db<{ id: string; label: number; pixels: Buffer }[]>`
    select id, label, pixels from submissions
    where id >= ${range.fromId ?? 0} and id <= ${range.toId ?? Number.MAX_SAFE_INTEGER}
    order by id`;
  const images = new Uint8Array(rows.length * 784);
  const labels = new Uint8Array(rows.length);
  const ids = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    images.set(r.pixels, i * 784);
    labels[i] = r.label;
    ids[i] = Number(r.id);
  });
  return { images, labels, ids, count: rows.length, height: 28, width: 28 };
}

/**
 * Splits sample indices 0..n-1 by label into train and held-out parts with a seed: within each
 * label, a shuffled `heldOut` share (rounded, at least one when the label has two or more samples)
 * is held out, so both parts see every digit in the same proportions.
 */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  heldOut: number,
  seed: number,
): { train: number[]; heldOut: number[] } {
  if (!(heldOut > 0 && heldOut < 1)) {
    throw new Error(`stratifiedSplit: heldOut must be in (0, 1), got ${heldOut}`);
  }
  const byLabel = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byLabel.get(labels[i]) ?? [];
    list.push(i);
    byLabel.set(labels[i], list);
  }
  const generator = new Generator(seed);
  const train: number[] = [];
  const held: number[] = [];
  for (const label of [...byLabel.keys()].sort((a, b) => a - b)) {
    const indices = byLabel.get(label) as number[];
    const order = generator.permutation(indices.length);
    const n = indices.length < 2 ? 0 : Math.max(1, Math.round(indices.length * heldOut));
    order.forEach((o, k) => {
      (k < n ? held : train).push(indices[o]);
    });
  }
  train.sort((a, b) => a - b);
  held.sort((a, b) => a - b);
  return { train, heldOut: held };
}

/** The samples of every dataset, one after another (all must share the image size). */
export function concatDatasets(parts: readonly data.ImageDataset[]): data.ImageDataset {
  const [first] = parts;
  if (!first) throw new Error('concatDatasets: no datasets');
  for (const p of parts) {
    if (p.height !== first.height || p.width !== first.width) {
      throw new Error(
        `concatDatasets: images of ${p.height}x${p.width} and ${first.height}x${first.width} cannot be mixed`,
      );
    }
  }
  const count = parts.reduce((n, p) => n + p.count, 0);
  const plane = first.height * first.width;
  const images = new Uint8Array(count * plane);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const p of parts) {
    images.set(p.images.subarray(0, p.count * plane), at * plane);
    labels.set(p.labels.subarray(0, p.count), at);
    at += p.count;
  }
  return { images, labels, count, height: first.height, width: first.width };
}

/** `n` samples of `ds` drawn at random without replacement (all of it when n >= its size). */
export function sample(ds: data.ImageDataset, n: number, seed: number): data.ImageDataset {
  const order = new Generator(seed).permutation(ds.count);
  return data.subset(ds, order.subarray(0, Math.min(n, ds.count)));
}
