// Floating-point operation counts (a multiply-add is 2), shared by the models and bench/ so that
// every GFLOP/s figure divides the same numbers.
import type { Conv2DInfo } from '../kernels.js';

/** A convolution's forward pass; each of its two gradients costs the same. */
export function conv2dFlops(c: Conv2DInfo): number {
  return (
    2 *
    c.batch *
    c.outChannels *
    c.outHeight *
    c.outWidth *
    c.inChannels *
    c.kernelHeight *
    c.kernelWidth
  );
}

/** A (batched) matrix product [b, m, k] · [b, k, n]. */
export function matmulFlops(m: number, n: number, k: number, batch = 1): number {
  return 2 * batch * m * n * k;
}
