// BatchNorm2d: batch normalisation of [N, C, H, W] feature maps, as torch.nn.BatchNorm2d.
import { showShape } from '../shape/shape.js';
import type { Tensor } from '../tensor.js';
import { BatchNorm } from './batch-norm.js';

/**
 * Normalises each channel of [N, C, H, W] over N, H and W.
 * @example
 * ```ts
 * const bn = new nn.BatchNorm2d(32);
 * console.log(Object.keys(bn.stateDict())); // → [ 'weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked' ]
 * console.log(bn.forward(randn([4, 32, 8, 8])).shape); // → [ 4, 32, 8, 8 ]
 * ```
 */
export class BatchNorm2d extends BatchNorm {
  protected checkInput(x: Tensor): void {
    if (x.rank !== 4) {
      throw new Error(`BatchNorm2d: input must be 4-D [N, C, H, W], got ${showShape(x.shape)}`);
    }
  }
}
