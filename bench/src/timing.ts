// Timing: warm-up runs are discarded, repetitions are bounded by a count and a time budget, and
// every figure reported is a median (or a percentile) of the timed repetitions.
import type { Budget } from './types.js';

/** The middle value (mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median: no values');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The p-th percentile (0..100), nearest-rank, as latency tools report it. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile: no values');
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length, Math.max(1, rank)) - 1];
}

/** Timed repetitions of a measurement, and why there were fewer than the target. */
export interface Timings {
  ms: number[];
  warmup: number;
  reduced?: string;
}

/**
 * Runs `fn` budget.warmup times untimed (once only when that run alone takes over a quarter of the
 * budget: it has warmed up by then), then times it: budget.target repetitions, or fewer (never
 * under budget.min) when the last warm-up run shows they would not fit in budget.budgetMs.
 */
export function timeRuns(fn: () => void, budget: Budget): Timings {
  let last = 0;
  let warmup = 0;
  while (warmup < budget.warmup && !(warmup > 0 && last > budget.budgetMs / 4)) {
    const t = performance.now();
    fn();
    last = performance.now() - t;
    warmup++;
  }
  let reps = budget.target;
  let reduced: string | undefined;
  if (last > 0 && last * budget.target > budget.budgetMs) {
    reps = Math.max(budget.min, Math.floor(budget.budgetMs / last));
    if (reps < budget.target) {
      reduced =
        `${reps} timed runs instead of ${budget.target}: a warm-up run took ` +
        `${(last / 1000).toFixed(2)} s (budget ${(budget.budgetMs / 1000).toFixed(0)} s)`;
    }
  }
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return reduced ? { ms, warmup, reduced } : { ms, warmup };
}
