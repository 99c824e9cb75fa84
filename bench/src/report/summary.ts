// The statements printed under the table (and in RESULTS.md): how things were measured, what the
// peers lack, what ran fewer steps or not at all, and whether issue 5's targets were met.
import { KERNEL_LEGEND } from '../kernel-cases.js';
import type { BenchResult } from './result.js';

/**
 * Training targets: issue 5's (digitnet cpu trains F = 32 at ≥ 2× tfjs-wasm and ≥ 20× tfjs-cpu)
 * and issue 14's (digitnet wasm trains at ≥ 1× PyTorch at F = 32 and 16: one thread against one,
 * the machine's threads against PyTorch's two).
 */
export const TARGETS = [
  { lib: 'digitnet-cpu', peer: 'tfjs-wasm', factor: 32, atLeast: 2 },
  { lib: 'digitnet-cpu', peer: 'tfjs-cpu', factor: 32, atLeast: 20 },
  { lib: 'digitnet-wasm-1t', peer: 'pytorch-1t', factor: 32, atLeast: 1 },
  { lib: 'digitnet-wasm-1t', peer: 'pytorch-1t', factor: 16, atLeast: 1 },
  { lib: 'digitnet-wasm', peer: 'pytorch-2t', factor: 32, atLeast: 1 },
  { lib: 'digitnet-wasm', peer: 'pytorch-2t', factor: 16, atLeast: 1 },
] as const;

const nameOf = (lib: string) => lib.replace('digitnet-', 'digitnet ');

/** One line per target: the measured ratio and whether it is met (or why it cannot be said). */
export function targetLines(result: BenchResult): string[] {
  const lines = TARGETS.map(({ lib, peer, factor, atLeast }) => {
    const ours = result.train.find((t) => t.lib === lib && t.factor === factor);
    const theirs = result.train.find((t) => t.lib === peer && t.factor === factor);
    const goal = `${nameOf(lib)} trains F=${factor} at ≥ ${atLeast}× ${peer}`;
    if (!ours || !theirs) return `${goal}: not measured in this run`;
    const r = ours.samplesPerSec / theirs.samplesPerSec;
    return `${goal}: ${r.toFixed(2)}× — ${r >= atLeast ? 'met' : 'NOT met'}`;
  });
  // Issue 14's inference targets: batch 100 at ≥ tfjs-wasm's samples/s; batch-1 latency at F = 16
  // at or below PyTorch's (one thread) and tfjs-wasm's.
  const infer = (lib: string, factor: number) =>
    result.infer.find((t) => t.lib === lib && t.factor === factor);
  for (const factor of [32, 16]) {
    const ours = infer('digitnet-wasm', factor);
    const theirs = infer('tfjs-wasm', factor);
    const goal = `digitnet wasm infers F=${factor} batch 100 at ≥ 1× tfjs-wasm`;
    if (!ours || !theirs) lines.push(`${goal}: not measured in this run`);
    else {
      const r = ours.batchSamplesPerSec / theirs.batchSamplesPerSec;
      lines.push(`${goal}: ${r.toFixed(2)}× — ${r >= 1 ? 'met' : 'NOT met'}`);
    }
  }
  for (const peer of ['pytorch-1t', 'tfjs-wasm']) {
    const ours = infer('digitnet-wasm', 16);
    const theirs = infer(peer, 16);
    const goal = `digitnet wasm batch-1 latency F=16 ≤ ${peer}'s`;
    if (!ours || !theirs) lines.push(`${goal}: not measured in this run`);
    else {
      const ok = ours.latencyMedianMs <= theirs.latencyMedianMs;
      lines.push(
        `${goal}: ${ours.latencyMedianMs.toFixed(2)} vs ${theirs.latencyMedianMs.toFixed(2)} ms — ${ok ? 'met' : 'NOT met'}`,
      );
    }
  }
  return lines;
}

/** The method, in a few lines. */
export function methodLines(result: BenchResult): string[] {
  const harness = result.memory.find((m) => m.lib === 'harness');
  return [
    `Kernel shapes: ${KERNEL_LEGEND}.`,
    'Every library gets the same shapes, batch (100) and inputs (seeded random values for kernels; the ' +
      'first 500 MNIST test images for the models), trains with Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8) ' +
      "on the seed CNN, and is timed after warm-up; figures are medians ('↑' higher is better, '↓' lower).",
    'GFLOP/s divide core’s FLOP counts (conv2dFlops, matmulFlops, models.mnistCnnFlops) by the median time, ' +
      'for every library alike; pooling and batch norm rows are milliseconds (GB/s in the JSON).',
    `Each library and task runs in its own Node process, one after another; peak RSS is that process's ` +
      `maxRSS, which includes Node, tsx and the harness${harness ? ` (${harness.maxRssMiB.toFixed(0)} MiB on their own)` : ''}.`,
    'vs X = digitnet wasm / X (digitnet cpu / X where wasm was not measured): above 1 favours digitnet on ↑ rows, ' +
      'below 1 on ↓ rows. * = a kernel the bench composed.',
  ];
}

/** Notes from the libraries, the composed-kernel check, fewer steps, skips and failures. */
export function noteLines(result: BenchResult): string[] {
  const lines = [...result.notes];
  const c = result.check;
  if (c) {
    const worst = Math.max(...c.cases.map((k) => k.maxAbsDiff / Math.max(1, k.maxAbs)));
    lines.push(
      `composed tfjs-wasm Conv2DBackpropFilter vs tfjs-cpu's kernel on ${c.cases.length} shapes: ` +
        `${c.pass ? 'matches' : 'DOES NOT MATCH'} (worst max|diff|/max(1,max|ref|) = ${worst.toExponential(1)}, ` +
        `tolerance ${c.tolerance})`,
    );
  }
  if (result.train.length > 0) {
    const counts = result.train.map((t) => `${t.lib} F=${t.factor} ${t.steps}+${t.warmup}`);
    lines.push(`training steps timed + warm-up: ${counts.join(', ')}`);
  }
  for (const t of result.train) {
    if (t.reduced) lines.push(`${t.lib} train F=${t.factor}: ${t.reduced}`);
  }
  const few = result.kernels.filter((k) => k.reps < 3);
  if (few.length > 0) {
    lines.push(
      `kernels timed fewer than 3 times (slow): ${few.map((k) => `${k.lib} ${k.case} ×${k.reps}`).join(', ')}`,
    );
  }
  for (const s of result.skipped) lines.push(`skipped ${s.what}: ${s.reason}`);
  for (const f of result.failures) lines.push(`FAILED ${f.task}: ${f.error.split('\n')[0]}`);
  return lines;
}
