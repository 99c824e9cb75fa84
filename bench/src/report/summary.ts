// The statements printed under the table (and in RESULTS.md): how things were measured, what the
// peers lack, what ran fewer steps or not at all, and whether issue 5's targets were met.
import { KERNEL_LEGEND } from '../kernel-cases.js';
import type { BenchResult } from './result.js';

/** Issue 5's targets: digitnet cpu trains F = 32 at ≥ 2× tfjs-wasm and ≥ 20× tfjs-cpu. */
export const TARGETS = [
  { peer: 'tfjs-wasm', factor: 32, atLeast: 2 },
  { peer: 'tfjs-cpu', factor: 32, atLeast: 20 },
] as const;

/** One line per target: the measured ratio and whether it is met (or why it cannot be said). */
export function targetLines(result: BenchResult): string[] {
  return TARGETS.map(({ peer, factor, atLeast }) => {
    const ours = result.train.find((t) => t.lib === 'digitnet-cpu' && t.factor === factor);
    const theirs = result.train.find((t) => t.lib === peer && t.factor === factor);
    const goal = `digitnet cpu trains F=${factor} at ≥ ${atLeast}× ${peer}`;
    if (!ours || !theirs) return `${goal}: not measured in this run`;
    const r = ours.samplesPerSec / theirs.samplesPerSec;
    return `${goal}: ${r.toFixed(2)}× — ${r >= atLeast ? 'met' : 'NOT met'}`;
  });
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
    'vs X = digitnet cpu / X: above 1 favours digitnet on ↑ rows, below 1 on ↓ rows. * = a kernel the bench composed.',
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
