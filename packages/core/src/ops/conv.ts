// 2-D convolution over NCHW tensors.
import { record } from '../autograd.js';
import { runKernel } from '../engine.js';
import { type Conv2DOptions, conv2dInfo } from '../shape/conv.js';
import { showShape } from '../shape/shape.js';
import type { Tensor } from '../tensor.js';
import { asFloat } from './operand.js';
import { reduceRaw } from './reduce.js';

/**
 * 2-D convolution (cross-correlation, as PyTorch), groups = 1.
 * x: [N, C, H, W], w: [O, C, KH, KW], bias: [O] -> [N, O, OH, OW]
 * @example
 * ```ts
 * const x = randn([8, 1, 28, 28]); // NCHW
 * const w = randn([32, 1, 3, 3]); // [O, C, KH, KW]
 * console.log(conv2d(x, w, zeros([32]), { padding: 'same' }).shape); // → [ 8, 32, 28, 28 ]
 * console.log(conv2d(x, w, null, { stride: 2 }).shape); // → [ 8, 32, 13, 13 ]
 * ```
 */
export function conv2d(
  x: Tensor,
  w: Tensor,
  bias?: Tensor | null,
  opts: Conv2DOptions = {},
): Tensor {
  const input = asFloat('conv2d', x);
  const weight = asFloat('conv2d', w, 'weight');
  const conv = conv2dInfo(input.shape, weight.shape, opts);
  if (bias && (bias.rank !== 1 || bias.shape[0] !== conv.outChannels)) {
    throw new Error(
      `conv2d: bias ${showShape(bias.shape)} must be [${conv.outChannels}] (one per output channel)`,
    );
  }
  const out = runKernel('Conv2D', bias ? { x: input, w: weight, bias } : { x: input, w: weight }, {
    conv,
  });
  const inputs = bias ? [input, weight, bias] : [input, weight];
  return record('conv2d', inputs, out, [input, weight], (dy, [input, weight]) => [
    input.requiresGrad ? runKernel('Conv2DBackpropInput', { dy, w: weight }, { conv }) : null,
    weight.requiresGrad ? runKernel('Conv2DBackpropFilter', { x: input, dy }, { conv }) : null,
    bias?.requiresGrad ? reduceRaw('sum', dy, [0, 2, 3], false) : null,
  ]);
}
