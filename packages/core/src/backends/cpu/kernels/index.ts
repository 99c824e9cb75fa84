// The CPU kernel table: every required kernel, and the fused ones worth having.
import type { KernelTable } from '../../../kernels.js';
import type { CpuBackend } from '../cpu-backend.js';
import { adamUpdate } from './adam-update.js';
import { avgPool2d } from './avg-pool2d.js';
import { avgPool2dBackprop } from './avg-pool2d-backprop.js';
import { batchNormTrain } from './batch-norm-train.js';
import { batchNormTrainGrad } from './batch-norm-train-grad.js';
import { binary } from './binary.js';
import { cast } from './cast.js';
import { concat } from './concat.js';
import { conv2d } from './conv2d.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { conv2dBackpropInput } from './conv2d-backprop-input.js';
import { fill } from './fill.js';
import { matMul } from './mat-mul.js';
import { maxPool2d } from './max-pool2d.js';
import { maxPool2dBackprop } from './max-pool2d-backprop.js';
import { oneHot } from './one-hot.js';
import { pad } from './pad.js';
import { reduce } from './reduce.js';
import { slice } from './slice.js';
import { softmaxCrossEntropy } from './softmax-cross-entropy.js';
import { transpose } from './transpose.js';
import { unary } from './unary.js';
import { where } from './where.js';

/** The CPU backend's kernel table (kernel name to kernel), for backends that reuse or extend it. */
export const cpuKernels = {
  Fill: fill,
  Unary: unary,
  Binary: binary,
  Cast: cast,
  Reduce: reduce,
  Transpose: transpose,
  Slice: slice,
  Pad: pad,
  Concat: concat,
  MatMul: matMul,
  Conv2D: conv2d,
  Conv2DBackpropInput: conv2dBackpropInput,
  Conv2DBackpropFilter: conv2dBackpropFilter,
  MaxPool2D: maxPool2d,
  MaxPool2DBackprop: maxPool2dBackprop,
  AvgPool2D: avgPool2d,
  AvgPool2DBackprop: avgPool2dBackprop,
  OneHot: oneHot,
  Where: where,
  SoftmaxCrossEntropy: softmaxCrossEntropy,
  AdamUpdate: adamUpdate,
  BatchNormTrain: batchNormTrain,
  BatchNormTrainGrad: batchNormTrainGrad,
} satisfies KernelTable<CpuBackend>;
