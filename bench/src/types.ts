// What the parent asks a child process to run, and what the child reports back.

/** The libraries compared, digitnet's backends first; each runs in its own child process. */
export const LIBS = [
  'digitnet-wasm',
  'digitnet-wasm-1t',
  'digitnet-cpu',
  'digitnet-gpu-webgl2',
  'digitnet-gpu-headlessgl',
  'digitnet-gpu-webasm',
  'digitnet-gpu-cpu',
  'tfjs-wasm',
  'tfjs-cpu',
  'convnetjs',
  'pytorch-1t',
  'pytorch-2t',
] as const;
export type LibId = (typeof LIBS)[number];

/**
 * digitnet's gpu backend in each gpu.js mode, by the bench's name for it: webgl2 runs in a page of
 * headless Chromium that the child process drives, the others in the child process itself.
 */
export const GPU_MODE_OF = {
  'digitnet-gpu-webgl2': 'webgl2',
  'digitnet-gpu-headlessgl': 'headlessgl',
  'digitnet-gpu-webasm': 'webasm',
  'digitnet-gpu-cpu': 'cpu',
} as const;
export type GpuLibId = keyof typeof GPU_MODE_OF;
export type DigitnetLibId = 'digitnet-wasm' | 'digitnet-wasm-1t' | 'digitnet-cpu' | GpuLibId;

/** PyTorch (Debian's python3-torch, run through /usr/bin/python3) at 1 and 2 threads. */
export const TORCH_THREADS_OF = { 'pytorch-1t': 1, 'pytorch-2t': 2 } as const;
export type TorchLibId = keyof typeof TORCH_THREADS_OF;

/** True for digitnet's own backends (the table's ratios compare digitnet with the others). */
export function isDigitnet(lib: LibId): lib is DigitnetLibId {
  return lib.startsWith('digitnet-');
}

/** How long a measurement may run: warm-up, a target count of timed repetitions, a time budget. */
export interface Budget {
  warmup: number;
  /** Timed repetitions wanted (fewer when one repetition exceeds budgetMs / target). */
  target: number;
  /** Never fewer timed repetitions than this, whatever the budget. */
  min: number;
  budgetMs: number;
}

/** One unit of work for a child process. */
export type Task =
  | { kind: 'kernels'; lib: LibId; cases: string[]; budget: Budget }
  | { kind: 'train'; lib: LibId; factor: number; batch: number; budget: Budget }
  | {
      kind: 'infer';
      lib: LibId;
      factor: number;
      batch: number;
      budget: Budget;
      latencyBudget: Budget;
    }
  | {
      kind: 'profile';
      lib: 'digitnet-cpu' | 'digitnet-wasm';
      factor: number;
      batch: number;
      budget: Budget;
    }
  | { kind: 'check'; lib: 'tfjs-wasm' }
  /** The harness alone (Node, tsx, MNIST batches): the memory floor under every child. */
  | { kind: 'baseline' };

/** A kernel timed on one library. */
export interface KernelResult {
  lib: LibId;
  /** A case id from kernel-cases.ts, e.g. 'conv2.forward'. */
  case: string;
  msMedian: number;
  reps: number;
  /** From core's FLOP counts (conv, matmul); absent for memory-bound kernels. */
  gflops?: number;
  /** Bytes of the logical inputs and outputs per second (pooling, batch norm). */
  gbps?: number;
  /** How the library computes it when that is not its own kernel, e.g. 'composed'. */
  note?: string;
}

/** Training throughput of the seed CNN on one library. */
export interface TrainResult {
  lib: LibId;
  factor: number;
  batch: number;
  msPerStepMedian: number;
  samplesPerSec: number;
  /** Model FLOPs per step (core's mnistCnnFlops) over the median step time. */
  gflops: number;
  warmup: number;
  steps: number;
  /** Why fewer steps than the target ran, when they did. */
  reduced?: string;
  firstLoss: number;
  lastLoss: number;
}

/** Inference throughput and latency of the seed CNN (eval mode) on one library. */
export interface InferResult {
  lib: LibId;
  factor: number;
  batch: number;
  batchSamplesPerSec: number;
  batchReps: number;
  latencyMedianMs: number;
  latencyP99Ms: number;
  latencyReps: number;
}

/** One kernel's share of a digitnet training step. */
export interface ProfileRow {
  kernel: string;
  callsPerStep: number;
  msPerStep: number;
  share: number;
}

/** The start-up check of the composed Conv2DBackpropFilter against tfjs-cpu's kernel. */
export interface CheckResult {
  cases: { x: number[]; filter: number[]; pad: string; maxAbsDiff: number; maxAbs: number }[];
  pass: boolean;
  tolerance: number;
}

/** What a child writes back: its result and its peak memory. */
export interface ChildReport {
  task: Task;
  ok: boolean;
  error?: string;
  kernels?: KernelResult[];
  train?: TrainResult;
  infer?: InferResult;
  profile?: { stepMsMedian: number; steps: number; rows: ProfileRow[] };
  check?: CheckResult;
  /** Facts about the library worth printing (backend, binary, missing kernels). */
  notes: string[];
  /** process.resourceUsage().maxRSS at the end, in MiB. */
  maxRssMiB: number;
  wallMs: number;
}
