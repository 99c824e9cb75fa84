// Inputs every library gets alike: seeded random values for kernels, real MNIST batches for models.
import { data } from '@digitnet/core';
import { loadMnist } from '@digitnet/core/node';

/** `n` values uniform in [-1, 1) from a seeded mulberry32 stream (the same on every library). */
export function randomFloats(n: number, seed = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  }
  return out;
}

/** A batch of normalised 28x28 images (one channel, so NCHW and NHWC are the same bytes). */
export interface ImageBatch {
  images: Float32Array;
  labels: Int32Array;
  size: number;
}

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
