// One measurement in its own process, so that its peak memory (max RSS) is its own:
// node --conditions=source --import tsx child.ts '<task json>' <report file>
import { writeFileSync } from 'node:fs';
import { mnistBatches } from './data.js';
import { kernelCase } from './kernel-cases.js';
import type { ChildReport, Task } from './types.js';

const TRAIN_BATCHES = 5;

async function run(task: Task, report: ChildReport): Promise<void> {
  if (task.kind === 'baseline') {
    await mnistBatches(TRAIN_BATCHES, 100);
    return;
  }
  if (task.kind === 'check') {
    const { checkComposedBackpropFilter } = await import('./libs/wasm-check.js');
    const { check, notes } = await checkComposedBackpropFilter();
    report.check = check;
    report.notes.push(...notes);
    return;
  }
  if (task.kind === 'profile') {
    const { profileTraining } = await import('./libs/digitnet-profile.js');
    if (task.lib === 'digitnet-wasm') {
      const { setBackend } = await import('@digitnet/core');
      await import('@digitnet/wasm');
      setBackend('wasm');
    }
    report.profile = profileTraining(
      task.factor,
      await mnistBatches(TRAIN_BATCHES, task.batch),
      task.budget,
    );
    return;
  }
  const { loadLibrary } = await import('./libs/library.js');
  const lib = await loadLibrary(task.lib);
  try {
    report.notes.push(...lib.notes);
    if (task.kind === 'kernels') {
      if (!lib.kernels) return;
      report.kernels = await lib.kernels(task.cases.map(kernelCase), task.budget);
    } else if (task.kind === 'train') {
      const batches = await mnistBatches(TRAIN_BATCHES, task.batch);
      report.train = await lib.train(task.factor, batches, task.budget);
    } else {
      const batches = await mnistBatches(1, task.batch);
      report.infer = await lib.infer(task.factor, batches, task.budget, task.latencyBudget);
    }
  } finally {
    await lib.close?.();
  }
}

async function main(): Promise<void> {
  const [taskJson, out] = process.argv.slice(2);
  if (!taskJson || !out) throw new Error('usage: child.ts <task json> <report file>');
  const task = JSON.parse(taskJson) as Task;
  const started = performance.now();
  const report: ChildReport = { task, ok: true, notes: [], maxRssMiB: 0, wallMs: 0 };
  try {
    await run(task, report);
  } catch (err) {
    report.ok = false;
    report.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
  }
  report.wallMs = performance.now() - started;
  // maxRSS is in KiB on Linux.
  report.maxRssMiB = process.resourceUsage().maxRSS / 1024;
  writeFileSync(out, JSON.stringify(report));
  process.exitCode = report.ok ? 0 : 1;
}

await main();
