// Which child processes a run starts, in order, with which budgets (full run or --quick).
import { KERNEL_CASES, QUICK_KERNEL_CASES } from './kernel-cases.js';
import { type Budget, LIBS, type LibId, type Task } from './types.js';

/** The parts of a run that --only selects. */
export const SECTIONS = ['kernels', 'train', 'infer'] as const;
export type Section = (typeof SECTIONS)[number];

/** What the command line asked for. */
export interface PlanOptions {
  quick: boolean;
  profile: boolean;
  sections: readonly Section[];
  libs: readonly LibId[];
  /** Libraries that cannot run on this machine, with the reason (gpu.js modes without a GPU). */
  unavailable?: Partial<Record<LibId, string>>;
}

/** Something left out of a run, and why (printed). */
export interface Skip {
  what: string;
  reason: string;
}

/** A child process to run, with the label the progress line shows. */
export interface PlannedTask {
  label: string;
  task: Task;
}

interface Budgets {
  factors: number[];
  kernel: Budget;
  train: Budget;
  inferBatch: Budget;
  latency: Budget;
  profile: Budget;
}

/** Budgets of the full run: ≥ 20 timed training steps where a step takes under 4.5 s. */
export const FULL: Budgets = {
  factors: [32, 16],
  kernel: { warmup: 2, target: 10, min: 1, budgetMs: 4000 },
  train: { warmup: 2, target: 20, min: 2, budgetMs: 90_000 },
  inferBatch: { warmup: 2, target: 20, min: 3, budgetMs: 20_000 },
  latency: { warmup: 10, target: 200, min: 20, budgetMs: 10_000 },
  profile: { warmup: 2, target: 5, min: 2, budgetMs: 20_000 },
};

/** Budgets of --quick: F = 16 only, a few repetitions of everything. */
export const QUICK: Budgets = {
  factors: [16],
  kernel: { warmup: 1, target: 3, min: 1, budgetMs: 1500 },
  train: { warmup: 1, target: 5, min: 2, budgetMs: 5000 },
  inferBatch: { warmup: 1, target: 5, min: 2, budgetMs: 3000 },
  latency: { warmup: 3, target: 50, min: 10, budgetMs: 2000 },
  profile: { warmup: 1, target: 3, min: 2, budgetMs: 5000 },
};

/** Kernels with batched implementations to time (convnetjs has none; PyTorch runs models only). */
const KERNEL_LIBS: readonly LibId[] = LIBS.filter(
  (l) => l !== 'convnetjs' && !l.startsWith('pytorch-'),
);

// tfjs-cpu's Conv2DBackpropFilter takes minutes per call at these shapes (it reads through
// TensorBuffer.get), and so does one of its training steps: only the full run waits for them.
const QUICK_TOO_SLOW =
  'too slow for --quick (tens of seconds to minutes per call on a 2-core machine); the full run measures it';

/** The child processes of a run, in order, and what was left out. */
export function buildPlan(o: PlanOptions): {
  tasks: PlannedTask[];
  skipped: Skip[];
  budgets: Budgets;
} {
  const b = o.quick ? QUICK : FULL;
  const tasks: PlannedTask[] = [];
  const skipped: Skip[] = [];
  const has = (s: Section) => o.sections.includes(s);
  const libs: LibId[] = [];
  for (const lib of LIBS.filter((l) => o.libs.includes(l))) {
    const reason = o.unavailable?.[lib];
    if (reason) skipped.push({ what: lib, reason });
    else libs.push(lib);
  }
  if (libs.includes('tfjs-wasm') && (has('kernels') || has('train'))) {
    tasks.push({ label: 'check tfjs-wasm', task: { kind: 'check', lib: 'tfjs-wasm' } });
  }
  tasks.push({ label: 'baseline harness', task: { kind: 'baseline' } });
  if (has('kernels')) {
    const ids = o.quick ? QUICK_KERNEL_CASES : KERNEL_CASES.map((c) => c.id);
    for (const lib of libs) {
      if (!KERNEL_LIBS.includes(lib)) {
        skipped.push({ what: `${lib} kernels`, reason: 'no batched kernels to call' });
        continue;
      }
      let cases = ids;
      if (o.quick && lib === 'tfjs-cpu') {
        cases = ids.filter((id) => !id.endsWith('.backpropFilter'));
        for (const id of ids.filter((i) => !cases.includes(i)))
          skipped.push({ what: `tfjs-cpu kernel ${id}`, reason: QUICK_TOO_SLOW });
      }
      tasks.push({
        label: `kernels ${lib}`,
        task: { kind: 'kernels', lib, cases, budget: b.kernel },
      });
    }
  }
  if (has('train')) {
    for (const factor of b.factors) {
      for (const lib of libs) {
        if (o.quick && lib === 'tfjs-cpu') {
          skipped.push({ what: `tfjs-cpu training F=${factor}`, reason: QUICK_TOO_SLOW });
          continue;
        }
        tasks.push({
          label: `train ${lib} F=${factor}`,
          task: { kind: 'train', lib, factor, batch: 100, budget: b.train },
        });
      }
    }
  }
  if (has('infer')) {
    for (const factor of b.factors) {
      for (const lib of libs) {
        tasks.push({
          label: `infer ${lib} F=${factor}`,
          task: {
            kind: 'infer',
            lib,
            factor,
            batch: 100,
            budget: b.inferBatch,
            latencyBudget: b.latency,
          },
        });
      }
    }
  }
  if (o.profile) {
    // The fastest digitnet backend in the run is the one worth explaining.
    const factor = b.factors[0];
    const lib = libs.includes('digitnet-wasm') ? 'digitnet-wasm' : 'digitnet-cpu';
    tasks.push({
      label: `profile ${lib} F=${factor}`,
      task: { kind: 'profile', lib, factor, batch: 100, budget: b.profile },
    });
  }
  return { tasks, skipped, budgets: b };
}
