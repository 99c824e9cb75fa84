// The whole run as one JSON-able object: what bench/results/<timestamp>.json holds.
import type { MachineInfo } from '../machine.js';
import type { Skip } from '../plan.js';
import type {
  CheckResult,
  ChildReport,
  InferResult,
  KernelResult,
  LibId,
  ProfileRow,
  TrainResult,
} from '../types.js';

/** Peak memory of one child process. */
export interface MemoryEntry {
  /** e.g. 'train F=32', 'kernels', 'baseline'. */
  task: string;
  lib: LibId | 'harness';
  maxRssMiB: number;
}

/** Everything one `npm run bench` measured. */
export interface BenchResult {
  meta: {
    date: string;
    command: string;
    quick: boolean;
    /** Every section and library at full budgets: only such a run regenerates RESULTS.md. */
    full: boolean;
    machine: MachineInfo;
    versions: Record<string, string>;
    wallSeconds: number;
  };
  /** Facts printed with the table: backends, binaries, composed or missing kernels. */
  notes: string[];
  skipped: Skip[];
  /** Child processes that failed, with their error. */
  failures: { task: string; error: string }[];
  check?: CheckResult;
  kernels: KernelResult[];
  train: TrainResult[];
  infer: InferResult[];
  memory: MemoryEntry[];
  profile?: {
    /** The backend profiled (absent in results saved before digitnet-wasm: digitnet-cpu). */
    lib?: string;
    factor: number;
    stepMsMedian: number;
    steps: number;
    rows: ProfileRow[];
  };
}

/** A short name for a child's task, e.g. 'train F=32'. */
export function taskName(report: Pick<ChildReport, 'task'>): string {
  const t = report.task;
  return t.kind === 'train' || t.kind === 'infer' || t.kind === 'profile'
    ? `${t.kind} F=${t.factor}`
    : t.kind;
}

/** Folds child reports into a result (meta and skips come from the parent). */
export function collect(
  reports: readonly ChildReport[],
  base: Pick<BenchResult, 'meta' | 'skipped'>,
): BenchResult {
  const result: BenchResult = {
    ...base,
    notes: [],
    failures: [],
    kernels: [],
    train: [],
    infer: [],
    memory: [],
  };
  const note = (n: string) => {
    if (!result.notes.includes(n)) result.notes.push(n);
  };
  for (const r of reports) {
    r.notes.forEach(note);
    const lib = 'lib' in r.task ? r.task.lib : 'harness';
    if (!r.ok) {
      result.failures.push({ task: `${taskName(r)} ${lib}`, error: r.error ?? 'unknown error' });
      continue;
    }
    result.memory.push({ task: taskName(r), lib, maxRssMiB: r.maxRssMiB });
    if (r.kernels) result.kernels.push(...r.kernels);
    if (r.train) result.train.push(r.train);
    if (r.infer) result.infer.push(r.infer);
    if (r.check) result.check = r.check;
    if (r.profile && r.task.kind === 'profile')
      result.profile = { lib: r.task.lib, factor: r.task.factor, ...r.profile };
  }
  return result;
}
