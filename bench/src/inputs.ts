// Inputs every library gets alike, in a form any JavaScript runtime holds (the browser page too):
// seeded random values for kernels, and the shape of an MNIST batch.

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
