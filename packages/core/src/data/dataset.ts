// An in-memory image classification dataset: uint8 greyscale images and their labels.

import type { Generator } from '../random.js';
import { readIdx } from './idx.js';

/** N greyscale images of height×width (0 = background, 255 = ink) with integer labels. */
export interface ImageDataset {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
}

/** Builds a dataset from IDX image bytes ([N, H, W]) and IDX label bytes ([N]), checking they agree. */
export function datasetFromIdx(imageBytes: Uint8Array, labelBytes: Uint8Array): ImageDataset {
  const images = readIdx(imageBytes);
  const labels = readIdx(labelBytes);
  if (images.dims.length !== 3) {
    throw new Error(
      `datasetFromIdx: images must be [N, H, W], got dims [${images.dims.join(', ')}]`,
    );
  }
  if (labels.dims.length !== 1 || labels.dims[0] !== images.dims[0]) {
    throw new Error(
      `datasetFromIdx: ${images.dims[0]} images but labels have dims [${labels.dims.join(', ')}] (expected [${images.dims[0]}])`,
    );
  }
  const [count, height, width] = images.dims;
  return { images: images.data, labels: labels.data, count, height, width };
}

/** The samples at `indices`, copied, as a new dataset. */
export function subset(ds: ImageDataset, indices: ArrayLike<number>): ImageDataset {
  const plane = ds.height * ds.width;
  const images = new Uint8Array(indices.length * plane);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i];
    if (!(j >= 0 && j < ds.count))
      throw new Error(`subset: index ${j} is outside 0..${ds.count - 1}`);
    images.set(ds.images.subarray(j * plane, (j + 1) * plane), i * plane);
    labels[i] = ds.labels[j];
  }
  return { images, labels, count: indices.length, height: ds.height, width: ds.width };
}

/** The first `n` samples (for quick runs). */
export function take(ds: ImageDataset, n: number): ImageDataset {
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`take: n must be a positive integer, got ${n}`);
  return subset(
    ds,
    Array.from({ length: Math.min(n, ds.count) }, (_, i) => i),
  );
}

/**
 * Splits a dataset at random (seeded) into parts of the given sizes, as torch.utils.data.random_split.
 * @example
 * ```ts
 * const mnistTest = await loadMnist({ split: 'test' });
 * const [validation, test] = data.randomSplit(mnistTest, [5000, 5000], new Generator(42));
 * console.log(validation.count, test.count); // → 5000 5000
 * ```
 */
export function randomSplit(
  ds: ImageDataset,
  sizes: readonly number[],
  generator: Generator,
): ImageDataset[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total !== ds.count)
    throw new Error(`randomSplit: sizes add up to ${total}, the dataset has ${ds.count}`);
  const order = generator.permutation(ds.count);
  let start = 0;
  return sizes.map((n) => {
    const part = subset(ds, order.subarray(start, start + n));
    start += n;
    return part;
  });
}
