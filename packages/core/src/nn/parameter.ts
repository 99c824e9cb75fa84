// Parameter: a trainable tensor that modules own and optimisers update.
import { keep, type Storage } from '../memory.js';
import { zeros } from '../ops/creation.js';
import { showShape } from '../shape/shape.js';
import { Tensor } from '../tensor.js';

// Takes a reference to data's memory (or to fresh zeros), so the parameter owns its storage.
function shareStorage(data: Tensor | readonly number[]): [Storage, readonly number[]] {
  const t = data instanceof Tensor ? data : zeros(data);
  t.assertAlive('Parameter');
  if (t.dtype !== 'float32') {
    throw new Error(
      `Parameter: parameters are float32, got a ${t.dtype} tensor of shape ${showShape(t.shape)}`,
    );
  }
  t.storage.retain();
  if (t !== data) t.dispose();
  return [t.storage, t.shape];
}

/**
 * A float32 leaf tensor that requires gradients and is exempt from tidy(), as torch.nn.Parameter.
 * Given a tensor it shares that tensor's memory (like PyTorch); given a shape it holds zeros.
 * @example
 * ```ts
 * const w = new nn.Parameter(randn([10, 4]));
 * console.log(w.requiresGrad, w.isLeaf); // → true true
 * ```
 */
export class Parameter extends Tensor {
  /** Throws for a disposed or non-float32 tensor. */
  constructor(data: Tensor | readonly number[], requiresGrad = true) {
    const [storage, shape] = shareStorage(data);
    super(storage, shape, 'float32');
    this.requiresGrad = requiresGrad;
    keep(this);
  }

  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}
