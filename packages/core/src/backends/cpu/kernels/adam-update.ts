import type { KernelFn } from '../../../kernels.js';
import type { CpuBackend } from '../cpu-backend.js';

// param, grad, m, v: same shape -> [param, m, v] after one step of torch.optim.Adam (or AdamW when decoupled)
export const adamUpdate: KernelFn<CpuBackend, 'AdamUpdate'> = (b, { param, grad, m, v }, attrs) => {
  const { lr, beta1, beta2, eps, weightDecay, decoupled, step } = attrs;
  const { values: p1, info: pInfo } = b.empty(param.shape, 'float32');
  const { values: m1, info: mInfo } = b.empty(param.shape, 'float32');
  const { values: v1, info: vInfo } = b.empty(param.shape, 'float32');
  const p0 = b.floats(param);
  const g0 = b.floats(grad);
  const m0 = b.floats(m);
  const v0 = b.floats(v);
  const bc1 = 1 - beta1 ** step;
  const bc2 = 1 - beta2 ** step;
  const stepSize = lr / bc1;
  const bc2Sqrt = Math.sqrt(bc2);
  // AdamW shrinks the weights before the step; Adam adds the L2 term to the gradient.
  const shrink = decoupled ? 1 - lr * weightDecay : 1;
  const l2 = decoupled ? 0 : weightDecay;
  for (let i = 0; i < p0.length; i++) {
    const p = p0[i] * shrink;
    const g = g0[i] + l2 * p0[i];
    const mi = beta1 * m0[i] + (1 - beta1) * g;
    const vi = beta2 * v0[i] + (1 - beta2) * g * g;
    m1[i] = mi;
    v1[i] = vi;
    // PyTorch: p −= lr/bc1 · m / (√v / √bc2 + eps): eps is added after the square root.
    p1[i] = p - (stepSize * mi) / (Math.sqrt(vi) / bc2Sqrt + eps);
  }
  return [pInfo, mInfo, vInfo];
};
