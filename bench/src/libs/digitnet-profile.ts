// Where a digitnet training step's milliseconds go: the current backend's kernel table is shadowed by
// timing wrappers (as core's testing/coverage.ts shadows it to record calls) for a few steps.
import { crossEntropy, getBackend, models, optim, type Tensor, tensor, tidy } from '@digitnet/core';
import type { ImageBatch } from '../inputs.js';
import { median, timeRuns } from '../timing.js';
import type { Budget, ProfileRow } from '../types.js';
import { ADAM } from './adam-settings.js';

/** Per-kernel time of a training step, and the time spent outside kernels. */
export interface StepProfile {
  stepMsMedian: number;
  steps: number;
  rows: ProfileRow[];
}

/** Profiles budget.target training steps (after budget.warmup) of the seed CNN of width `factor`. */
export function profileTraining(
  factor: number,
  batches: readonly ImageBatch[],
  budget: Budget,
): StepProfile {
  const backend = getBackend();
  const model = models.mnistCnn({ factor });
  model.train();
  const opt = new optim.Adam(model.parameters(), {
    lr: ADAM.lr,
    betas: [ADAM.beta1, ADAM.beta2],
    eps: ADAM.eps,
  });
  const data = batches.map((b) => ({
    x: tensor(b.images, [b.size, 1, 28, 28]),
    y: tensor(b.labels, [b.size]),
  }));
  const stats = new Map<string, { calls: number; ms: number }>();
  let recording = false;
  const original = backend.kernels as unknown as Record<string, unknown>;
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(original)) {
    if (typeof fn !== 'function') continue;
    wrapped[name] = (...args: unknown[]) => {
      if (!recording) return fn(...args);
      const t = performance.now();
      const out = fn(...args);
      const s = stats.get(name) ?? { calls: 0, ms: 0 };
      s.calls++;
      s.ms += performance.now() - t;
      stats.set(name, s);
      return out;
    };
  }
  const own = Object.getOwnPropertyDescriptor(backend, 'kernels');
  Object.defineProperty(backend, 'kernels', { value: wrapped, configurable: true, writable: true });
  let i = 0;
  const step = (d: { x: Tensor; y: Tensor }) =>
    tidy(() => {
      opt.zeroGrad();
      const loss = crossEntropy(model.forward(d.x), d.y);
      loss.backward();
      opt.step();
      return loss.item();
    });
  let timings: ReturnType<typeof timeRuns>;
  try {
    for (let w = 0; w < budget.warmup; w++) step(data[i++ % data.length]);
    recording = true;
    timings = timeRuns(() => step(data[i++ % data.length]), { ...budget, warmup: 0 });
  } finally {
    if (own) Object.defineProperty(backend, 'kernels', own);
  }
  const steps = timings.ms.length;
  const stepMs = timings.ms.reduce((a, b) => a + b, 0) / steps;
  const rows: ProfileRow[] = [...stats].map(([kernel, s]) => ({
    kernel,
    callsPerStep: s.calls / steps,
    msPerStep: s.ms / steps,
    share: s.ms / steps / stepMs,
  }));
  const inKernels = rows.reduce((a, r) => a + r.msPerStep, 0);
  rows.sort((a, b) => b.msPerStep - a.msPerStep);
  rows.push({
    kernel: '(outside kernels: autograd, ops, tidy)',
    callsPerStep: 0,
    msPerStep: stepMs - inKernels,
    share: (stepMs - inKernels) / stepMs,
  });
  return { stepMsMedian: median(timings.ms), steps, rows };
}
