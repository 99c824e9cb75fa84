// The --profile table: where a digitnet training step's milliseconds go, by kernel.
import type { BenchResult } from './result.js';

/** The profile as cells (kernel, calls per step, ms per step, share), or null when none ran. */
export function profileCells(result: BenchResult): string[][] | null {
  const p = result.profile;
  if (!p) return null;
  const rows = p.rows.map((r) => [
    r.kernel,
    r.callsPerStep ? r.callsPerStep.toFixed(r.callsPerStep % 1 ? 1 : 0) : '',
    r.msPerStep.toFixed(1),
    `${(r.share * 100).toFixed(1)}%`,
  ]);
  return [['kernel', 'calls/step', 'ms/step', 'share'], ...rows];
}

/** The line above the profile table. */
export function profileTitle(result: BenchResult): string {
  const p = result.profile;
  if (!p) return '';
  return (
    `Profile of a ${(p.lib ?? 'digitnet-cpu').replace('-', ' ')} training step (F=${p.factor}, batch 100): median step ` +
    `${p.stepMsMedian.toFixed(0)} ms over ${p.steps} steps, kernels timed through wrappers on the backend's table`
  );
}
