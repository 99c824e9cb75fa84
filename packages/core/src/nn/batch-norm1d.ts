// BatchNorm1d: batch normalisation of [N, C] or [N, C, L] inputs, as torch.nn.BatchNorm1d.
import { showShape } from '../shape/shape.js';
import type { Tensor } from '../tensor.js';
import { BatchNorm } from './batch-norm.js';

/**
 * Normalises each channel of [N, C] (over N) or [N, C, L] (over N and L).
 * @example
 * ```ts
 * const bn = new nn.BatchNorm1d(128);
 * console.log(bn.forward(randn([16, 128])).shape); // [N, C] (or [N, C, L]): → [ 16, 128 ]
 * ```
 */
export class BatchNorm1d extends BatchNorm {
  protected checkInput(x: Tensor): void {
    if (x.rank !== 2 && x.rank !== 3) {
      throw new Error(
        `BatchNorm1d: input must be 2-D [N, C] or 3-D [N, C, L], got ${showShape(x.shape)}`,
      );
    }
  }
}
