// Batches of a dataset as tensors: seeded shuffling, normalisation and augmentation.
import { tensor } from '../ops/creation.js';
import { globalGenerator, Generator as Random } from '../random.js';
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
  /**
   * Seed of the shuffling and augmentation. Each epoch's order and each batch's augmentation derive
   * from (seed, epoch, batch) alone, so a run resumed at any batch sees exactly the same data.
   * Drawn from the global generator (see manualSeed) by default.
   */
  seed?: number;
}

/** A seed for one (epoch, batch) pair, mixed so neighbouring pairs get unrelated streams. */
function mix(seed: number, epoch: number, batch: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (epoch + 0x632be5ab), 0xc2b2ae35) >>> 0;
  h = Math.imul(h ^ (batch + 0x1b873593), 0x27d4eb2f) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * Iterates a dataset in batches, like torch.utils.data.DataLoader.
 * @example
 * ```ts
 * const train = await loadMnist({ split: 'test' });
 * const loader = new data.DataLoader(train, { batchSize: 100, shuffle: true });
 * for (const { x, y } of loader) {
 *   console.log(x.shape, y.dtype); // → [ 100, 1, 28, 28 ] int32
 *   break;
 * }
 * ```
 */
export class DataLoader implements Iterable<Batch> {
  readonly batchSize: number;
  readonly seed: number;
  private readonly opts: DataLoaderOptions;
  private nextEpoch = 0;

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
    // Only a loader that shuffles or augments draws its seed, so creating an evaluation loader
    // never moves the global generator (a resumed run must see the same dropout masks).
    this.seed = opts.seed ?? (opts.shuffle || opts.augment ? globalGenerator.nextUint32() : 0);
  }

  /** Batches per epoch. */
  get length(): number {
    const n = this.dataset.count / this.batchSize;
    return this.opts.dropLast ? Math.floor(n) : Math.ceil(n);
  }

  /** Iterating runs the next epoch (0, 1, 2, …). */
  [Symbol.iterator](): Iterator<Batch> {
    return this.epoch(this.nextEpoch++);
  }

  /** The batches of epoch `epoch`, starting at batch `fromBatch` (to resume mid-epoch). */
  *epoch(epoch: number, fromBatch = 0): Generator<Batch> {
    const { count } = this.dataset;
    const order = this.opts.shuffle
      ? new Random(mix(this.seed, epoch, -1)).permutation(count)
      : null;
    for (let b = fromBatch; b < this.length; b++) {
      const start = b * this.batchSize;
      const size = Math.min(this.batchSize, count - start);
      yield this.makeBatch(order, start, size, new Random(mix(this.seed, epoch, b)));
    }
  }

  private makeBatch(order: Int32Array | null, start: number, size: number, random: Random): Batch {
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
        randomAffine(scratch, dst, height, width, random, augment);
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
