// Generic datasets and loaders, as torch.utils.data: TensorDataset and a DataLoader that yields
// [x, y] (any number of fields) from any dataset of tensors or numbers.
import { stack } from '../ops/reshape.js';
import { globalGenerator, Generator as Random } from '../random.js';
import { showShape, sizeOf } from '../shape/shape.js';
import { Tensor } from '../tensor.js';

/** One field of a sample: a tensor, or a number (collated into a 1-D tensor). */
export type Field = Tensor | number;

/** A map-style dataset, as torch.utils.data.Dataset: a length and the sample at an index. */
export interface Dataset<S extends readonly Field[] = readonly Field[]> {
  readonly length: number;
  /** The sample at `index`, 0 ≤ index < length. */
  get(index: number): S;
}

/**
 * Samples are the rows (index along axis 0) of tensors that share their first dimension, as
 * torch.utils.data.TensorDataset. The values are read back once, so batches are cut on the host.
 * @example
 * ```ts
 * const x = randn([10, 3]);
 * const y = tensor(new Int32Array(10));
 * const ds = new utils.data.TensorDataset(x, y);
 * const [xi, yi] = ds.get(4);
 * console.log(ds.length, xi.shape, yi.shape); // → 10 [ 3 ] []
 * ```
 */
export class TensorDataset implements Dataset<Tensor[]> {
  readonly tensors: readonly Tensor[];
  readonly length: number;
  #host: (Float32Array | Int32Array)[] | null = null;

  constructor(...tensors: Tensor[]) {
    if (tensors.length === 0) throw new Error('TensorDataset: needs at least one tensor');
    for (const [i, t] of tensors.entries()) {
      if (!(t instanceof Tensor)) throw new Error(`TensorDataset: argument ${i} is not a Tensor`);
      if (t.rank === 0 || t.shape[0] !== tensors[0].shape[0]) {
        throw new Error(
          `TensorDataset: every tensor needs the same first dimension, got ${tensors.map((u) => showShape(u.shape)).join(', ')}`,
        );
      }
    }
    this.tensors = tensors;
    this.length = tensors[0].shape[0];
  }

  /** The host copies of the tensors' values (read once). */
  host(): (Float32Array | Int32Array)[] {
    this.#host ??= this.tensors.map((t) => t.dataSync() as Float32Array | Int32Array);
    return this.#host;
  }

  /** Row `index` of every tensor. */
  get(index: number): Tensor[] {
    return this.rows(Int32Array.of(checkIndex(index, this.length))).map((t) =>
      t.viewAs(t.shape.slice(1)),
    );
  }

  /** Rows `indices` of every tensor, stacked: [k, ...rest] each, on the tensors' backends. */
  rows(indices: Int32Array): Tensor[] {
    const host = this.host();
    return this.tensors.map((t, f) => {
      const rest = t.shape.slice(1);
      const row = sizeOf(rest);
      const src = host[f];
      const out =
        t.dtype === 'int32'
          ? new Int32Array(indices.length * row)
          : new Float32Array(indices.length * row);
      indices.forEach((j, i) => {
        out.set(src.subarray(j * row, (j + 1) * row), i * row);
      });
      return Tensor.fromValues(out, [indices.length, ...rest], t.dtype, t.backend);
    });
  }
}

function checkIndex(index: number, length: number): number {
  if (!Number.isInteger(index) || index < -length || index >= length) {
    throw new Error(`dataset: index ${index} is out of range for ${length} samples`);
  }
  return index < 0 ? index + length : index;
}

/** Options of DataLoader, PyTorch's defaults (batchSize 1). */
export interface DataLoaderOptions {
  batchSize?: number;
  /** A new seeded order every epoch; each sample appears once per epoch. */
  shuffle?: boolean;
  /** Drop the last batch when it is smaller than batchSize. */
  dropLast?: boolean;
  /** Seed of the shuffling; drawn from the global generator (see manualSeed) when shuffling. */
  seed?: number;
}

/** A batch: the collated fields ([x, y] for a two-field dataset), with its sample count. */
export type LoaderBatch = Tensor[] & {
  readonly size: number;
  readonly x: Tensor;
  readonly y: Tensor;
};

/**
 * Iterates a dataset in batches of collated fields, as torch.utils.data.DataLoader: each batch is
 * an array [x, y, …] (tensor fields stacked along a new axis 0, numbers into a 1-D tensor: int32
 * when every one is an integer). Iterating runs the next epoch; the caller disposes batches
 * (or iterates inside tidy()).
 * @example
 * ```ts
 * const ds = new utils.data.TensorDataset(randn([100, 3]), tensor(new Int32Array(100)));
 * const loader = new utils.data.DataLoader(ds, { batchSize: 32, shuffle: true });
 * const sizes = [...loader].map(([x]) => x.shape[0]);
 * console.log(sizes); // → [ 32, 32, 32, 4 ]
 * ```
 */
export class DataLoader implements Iterable<LoaderBatch> {
  readonly batchSize: number;
  readonly seed: number;
  private nextEpoch = 0;

  constructor(
    readonly dataset: Dataset,
    private readonly opts: DataLoaderOptions = {},
  ) {
    this.batchSize = opts.batchSize ?? 1;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new Error(`DataLoader: batchSize must be a positive integer, got ${opts.batchSize}`);
    }
    if (!(dataset.length >= 0) || typeof dataset.get !== 'function') {
      throw new Error('DataLoader: the dataset needs a length and a get(index) method');
    }
    this.seed = opts.seed ?? (opts.shuffle ? globalGenerator.nextUint32() : 0);
  }

  /** Batches per epoch. */
  get length(): number {
    const n = this.dataset.length / this.batchSize;
    return this.opts.dropLast ? Math.floor(n) : Math.ceil(n);
  }

  /** Runs the next epoch (a new shuffle each time). */
  [Symbol.iterator](): Iterator<LoaderBatch> {
    return this.epoch(this.nextEpoch++);
  }

  /** The batches of epoch `epoch` (its order depends on (seed, epoch) alone), from batch `fromBatch`. */
  *epoch(epoch: number, fromBatch = 0): Generator<LoaderBatch> {
    const n = this.dataset.length;
    const order = this.opts.shuffle
      ? new Random((this.seed ^ Math.imul(epoch + 1, 0x9e3779b9)) >>> 0).permutation(n)
      : Int32Array.from({ length: n }, (_, i) => i);
    for (let b = fromBatch; b < this.length; b++) {
      const indices = order.subarray(b * this.batchSize, Math.min((b + 1) * this.batchSize, n));
      yield this.collate(indices);
    }
  }

  private collate(indices: Int32Array): LoaderBatch {
    const fields =
      this.dataset instanceof TensorDataset
        ? this.dataset.rows(indices)
        : collateSamples(Array.from(indices, (i) => this.dataset.get(i)));
    return Object.assign(fields, { size: indices.length, x: fields[0], y: fields[1] });
  }
}

function collateSamples(samples: (readonly Field[])[]): Tensor[] {
  const width = samples[0].length;
  if (samples.some((s) => !Array.isArray(s) || s.length !== width)) {
    throw new Error(`DataLoader: every sample must be an array of ${width} fields`);
  }
  return Array.from({ length: width }, (_, f) => {
    const column = samples.map((s) => s[f]);
    if (column.every((v) => typeof v === 'number')) {
      const nums = column as number[];
      const int = nums.every(Number.isInteger);
      return Tensor.fromValues(
        int ? Int32Array.from(nums) : Float32Array.from(nums),
        [nums.length],
        int ? 'int32' : 'float32',
      );
    }
    if (!column.every((v) => v instanceof Tensor)) {
      throw new Error(`DataLoader: field ${f} mixes tensors and numbers`);
    }
    return stack(column as Tensor[], 0);
  });
}
