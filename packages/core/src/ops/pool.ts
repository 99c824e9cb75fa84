// 2-D max and average pooling over NCHW tensors.
import { isGradEnabled, record } from '../autograd.js';
import { runKernel } from '../engine.js';
import { type Pool2DOptions, pool2dInfo } from '../shape/conv.js';
import type { Tensor } from '../tensor.js';
import { asFloat } from './operand.js';

/** Pooling options; a number is the kernel size (stride defaults to it). */
export type PoolArg = number | readonly [number, number] | Pool2DOptions;

function options(arg: PoolArg): Pool2DOptions {
  if (typeof arg === 'number' || Array.isArray(arg))
    return { kernelSize: arg as Pool2DOptions['kernelSize'] };
  return arg as Pool2DOptions;
}

/**
 * Max pooling; padding counts as −∞. The gradient goes to each window's (first) maximum.
 * x: [N, C, H, W] -> [N, C, OH, OW]
 * @example
 * ```ts
 * const x = arange(16, undefined, 1, { dtype: 'float32' }).reshape([1, 1, 4, 4]);
 * console.log(maxPool2d(x, 2)); // halves H and W: → tensor([[[[ 5., 7.], [13., 15.]]]])
 * ```
 */
export function maxPool2d(x: Tensor, arg: PoolArg): Tensor {
  const input = asFloat('maxPool2d', x);
  const pool = pool2dInfo('maxPool2d', input.shape, options(arg));
  const [out, indices] = runKernel('MaxPool2D', { x: input }, { pool });
  if (!(isGradEnabled() && input.requiresGrad)) indices.dispose();
  return record('maxPool2d', [input], out, [indices], (dy, [indices]) => [
    runKernel('MaxPool2DBackprop', { dy, indices }, { pool }),
  ]);
}

/**
 * Average pooling; by default padding counts in the divisor (PyTorch's count_include_pad=true).
 * x: [N, C, H, W] -> [N, C, OH, OW]
 */
export function avgPool2d(x: Tensor, arg: PoolArg): Tensor {
  const input = asFloat('avgPool2d', x);
  const pool = pool2dInfo('avgPool2d', input.shape, options(arg));
  const out = runKernel('AvgPool2D', { x: input }, { pool });
  return record('avgPool2d', [input], out, [], (dy) => [
    runKernel('AvgPool2DBackprop', { dy }, { pool }),
  ]);
}
