import { cpuKernels, type KernelFn } from '@digitnet/core';
import { read, scratch, update } from '../arena.js';
import type { WasmBackend } from '../wasm-backend.js';

// param, grad, m, v: same shape -> [param, m, v] after one step of torch.optim.Adam (or AdamW when
// decoupled), in wasm with float64 arithmetic as the CPU kernel; tiny tensors: the CPU kernel.
export const adamUpdate: KernelFn<WasmBackend, 'AdamUpdate'> = (backend, inputs, attrs) => {
  const { param, grad, m, v } = inputs;
  const n = param.shape.reduce((x, y) => x * y, 1);
  if (n < 64) return cpuKernels.AdamUpdate(backend, inputs, attrs);
  const { lr, beta1, beta2, eps, weightDecay, decoupled, step } = attrs;
  const p1 = backend.empty(param.shape, 'float32');
  const m1 = backend.empty(param.shape, 'float32');
  const v1 = backend.empty(param.shape, 'float32');
  const { arena } = backend;
  // The kernel updates in place: the outputs start as copies of the inputs.
  p1.values.set(backend.floats(param));
  m1.values.set(backend.floats(m));
  v1.values.set(backend.floats(v));
  const [pp, pg, pm, pv, ps] = arena.place([
    update(p1.values),
    read(backend.floats(grad)),
    update(m1.values),
    update(v1.values),
    scratch(16),
  ]);
  const bc1 = 1 - beta1 ** step;
  const bc2 = 1 - beta2 ** step;
  // AdamW shrinks the weights before the step; Adam adds the L2 term to the gradient.
  const shrink = decoupled ? 1 - lr * weightDecay : 1;
  const l2 = decoupled ? 0 : weightDecay;
  arena.wasm.adamUpdate(
    pp,
    pg,
    pm,
    pv,
    n,
    beta1,
    beta2,
    eps,
    shrink,
    l2,
    lr / bc1,
    Math.sqrt(bc2),
    ps,
  );
  arena.finish();
  return [p1.info, m1.info, v1.info];
};
