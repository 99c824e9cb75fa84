// Batches of a dataset as tensors: seeded shuffling, normalisation and augmentation.
import { tensor } from '../ops/creation.js';
import { type Generator, globalGenerator } from '../random.js';
import type { Tensor } from '../tensor.js';
import { type AugmentOptions, randomAffine } from './augment.js';
import type { ImageDataset } from './dataset.js';

/** MNIST's pixel mean and standard deviation (on values in [0, 1]), as the seed normalised. */
export const MNIST_NORMALIZATION = { mean: 0.1307, std: 0.3081 } as const;

/** One batch: images [N, 1, H, W] (float32) and labels [N] (int32). */
export interface Batch {
  readonly x: Tensor;
  readonly y: Tensor;
  readonly size: number;
}

/** Options of a DataLoader. */
export interface DataLoaderOptions {
  batchSize?: number;
  /** Reshuffle (seeded) at the start of every epoch. */
  shuffle?: boolean;
  /** Drop the last batch when it is smaller than batchSize. */
  dropLast?: boolean;
  /** Pixels become (value/255 − mean)/std; `false` leaves them in [0, 1]. MNIST's by default. */
  normalize?: { mean: number; std: number } | false;
  /** Random affine augmentation of every image; off by default. */
  augment?: AugmentOptions | boolean;
  /** The PRNG for shuffling and augmentation (the global one by default). */
  generator?: Generator;
}

/**
 * Iterates a dataset in batches, like torch.utils.data.DataLoader.
 * @example for (const { x, y } of new DataLoader(train, { batchSize: 100, shuffle: true })) { … }
 */
export class DataLoader implements Iterable<Batch> {
  readonly batchSize: number;
  private readonly opts: DataLoaderOptions;
  private readonly generator: Generator;

  constructor(
    readonly dataset: ImageDataset,
    opts: DataLoaderOptions = {},
  ) {
    this.batchSize = opts.batchSize ?? 100;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new Error(`DataLoader: batchSize must be a positive integer, got ${opts.batchSize}`);
    }
    if (dataset.count === 0) throw new Error('DataLoader: the dataset is empty');
    this.opts = opts;
    this.generator = opts.generator ?? globalGenerator;
  }

  /** Batches per epoch. */
  get length(): number {
    const n = this.dataset.count / this.batchSize;
    return this.opts.dropLast ? Math.floor(n) : Math.ceil(n);
  }

  *[Symbol.iterator](): Iterator<Batch> {
    const { count } = this.dataset;
    const order = this.opts.shuffle ? this.generator.permutation(count) : null;
    for (let b = 0; b < this.length; b++) {
      const start = b * this.batchSize;
      const size = Math.min(this.batchSize, count - start);
      yield this.makeBatch(order, start, size);
    }
  }

  private makeBatch(order: Int32Array | null, start: number, size: number): Batch {
    const { images, labels, height, width } = this.dataset;
    const plane = height * width;
    const x = new Float32Array(size * plane);
    const y = new Int32Array(size);
    const augment = this.opts.augment === true ? {} : this.opts.augment || null;
    const norm = this.opts.normalize === undefined ? MNIST_NORMALIZATION : this.opts.normalize;
    const scratch = new Float32Array(plane);
    for (let i = 0; i < size; i++) {
      const j = order ? order[start + i] : start + i;
      const src = images.subarray(j * plane, (j + 1) * plane);
      const dst = x.subarray(i * plane, (i + 1) * plane);
      if (augment) {
        for (let p = 0; p < plane; p++) scratch[p] = src[p] / 255;
        randomAffine(scratch, dst, height, width, this.generator, augment);
      } else {
        for (let p = 0; p < plane; p++) dst[p] = src[p] / 255;
      }
      y[i] = labels[j];
    }
    if (norm) {
      const inv = 1 / norm.std;
      for (let p = 0; p < x.length; p++) x[p] = (x[p] - norm.mean) * inv;
    }
    return {
      x: tensor(x, [size, 1, height, width]),
      y: tensor(y, [size], { dtype: 'int32' }),
      size,
    };
  }
}
