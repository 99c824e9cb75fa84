// utils.inspect: PyTorch-style printing of tensors (console.log in Node uses it too).
import type { FormatOptions } from '../format.js';
import type { Tensor } from '../tensor.js';

export type { FormatOptions } from '../format.js';

/**
 * The tensor as PyTorch prints it: `tensor([[ 1.0000, -0.5000], …], requiresGrad=true)`,
 * summarised with `...` above `threshold` (1000) elements.
 * @example
 * ```ts
 * console.log(utils.inspect(tensor([1 / 3, 2 / 3]), { precision: 2 })); // → tensor([0.33, 0.67])
 * ```
 */
export function inspect(t: Tensor, opts: FormatOptions = {}): string {
  return t.format(opts);
}
