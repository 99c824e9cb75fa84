import { type KernelFn, sizeOf } from '@digitnet/core';
import { kernelSource } from '../codegen.js';
import type { GpuBackend } from '../gpu-backend.js';

// Every hyper-parameter is a uniform, so a learning-rate schedule and the step count compile nothing.
const ARGS = [
  'param',
  'grad',
  'm',
  'v',
  'beta1',
  'beta2',
  'l2',
  'shrink',
  'stepSize',
  'bc2Sqrt',
  'eps',
];
const MOMENTS = [
  'const i = this.thread.x;',
  // Adam adds the L2 term to the gradient (l2 = 0 for AdamW).
  'const g = grad[i] + l2 * param[i];',
  'const mi = beta1 * m[i] + (1 - beta1) * g;',
  'const vi = beta2 * v[i] + (1 - beta2) * g * g;',
];
const RESULTS = {
  m: 'return mi;',
  v: 'return vi;',
  // PyTorch: p −= lr/bc1 · m / (√v / √bc2 + eps); AdamW first shrinks p by (1 − lr·wd).
  param: 'return param[i] * shrink - (stepSize * mi) / (Math.sqrt(vi) / bc2Sqrt + eps);',
};

// param, grad, m, v: same shape -> [param, m, v] after one step of torch.optim.Adam (or AdamW when decoupled)
export const adamUpdate: KernelFn<GpuBackend, 'AdamUpdate'> = (b, { param, grad, m, v }, attrs) => {
  const { lr, beta1, beta2, eps, weightDecay, decoupled, step } = attrs;
  const size = sizeOf(param.shape);
  const uniforms = [
    beta1,
    beta2,
    decoupled ? 0 : weightDecay,
    decoupled ? 1 - lr * weightDecay : 1,
    lr / (1 - beta1 ** step),
    Math.sqrt(1 - beta2 ** step),
    eps,
  ];
  const inputs = [param, grad, m, v, ...uniforms];
  const run = (what: keyof typeof RESULTS) =>
    b.run(
      `AdamUpdate ${what} ${size}`,
      () => ({ source: kernelSource(ARGS, [...MOMENTS, RESULTS[what]]) }),
      inputs,
      param.shape,
      'float32',
    );
  return [run('param'), run('m'), run('v')];
};
