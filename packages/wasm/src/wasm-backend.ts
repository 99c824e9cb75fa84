// The wasm backend: the CPU backend with the hot kernels replaced by WebAssembly SIMD ones; every
// other kernel is the CPU backend's. Over a shared memory its tensors live in the kernels' linear
// memory (src/arena.ts); with more than one thread a pool of workers shares it (src/threads.ts).
import { CpuBackend, type DType, type TypedArray } from '@digitnet/core';
import { Arena } from './arena.js';
import { wasmKernels } from './kernels/index.js';
import { MIN_WORK_PER_THREAD } from './kernels/split.js';
import {
  createSharedMemory,
  instantiate,
  instantiateShared,
  kernelModule,
  sharedModuleError,
  sharedModuleReady,
  threadsUnavailableReason,
} from './module.js';
import { type ParallelKernel, ThreadPool } from './threads.js';

/** Options of a wasm backend. */
export interface WasmBackendOptions {
  /** Threads its big kernels split across (default: defaultThreads()). */
  threads?: number;
  /**
   * Work (multiply-adds or values) each thread must get before a kernel splits (default
   * MIN_WORK_PER_THREAD); 1 splits every kernel that can be split, as the threaded tests do.
   */
  minWorkPerThread?: number;
  /**
   * false: a private linear memory, as where SharedArrayBuffer is missing: one thread, tensors as
   * JavaScript arrays copied in and out around each kernel. Default true where it can be shared:
   * tensors then live in linear memory and kernels use them in place.
   */
  sharedMemory?: boolean;
}

let threadsOverride: number | null = null;

/**
 * The thread count new wasm backends take: setDefaultThreads()'s, else the DIGITNET_THREADS
 * environment variable, else the cores available (os.availableParallelism() in Node,
 * navigator.hardwareConcurrency in browsers).
 */
export function defaultThreads(): number {
  if (threadsOverride !== null) return threadsOverride;
  const g = globalThis as {
    process?: {
      env?: Record<string, string | undefined>;
      getBuiltinModule?: (id: string) => unknown;
    };
    navigator?: { hardwareConcurrency?: number };
  };
  const env = g.process?.env?.DIGITNET_THREADS;
  if (env !== undefined && env !== '') return checkThreads(Number(env), 'DIGITNET_THREADS');
  const os = g.process?.getBuiltinModule?.('node:os') as
    | { availableParallelism?: () => number }
    | undefined;
  return Math.max(1, os?.availableParallelism?.() ?? g.navigator?.hardwareConcurrency ?? 1);
}

/** Sets the thread count of wasm backends created from now on (null: back to the default). */
export function setDefaultThreads(threads: number | null): void {
  threadsOverride = threads === null ? null : checkThreads(threads, 'setDefaultThreads');
}

function checkThreads(threads: number, where: string): number {
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
    throw new Error(
      `wasm backend: ${where} wants a whole number of threads from 1 to 256, got ${threads}`,
    );
  }
  return threads;
}

/** A CpuBackend whose matrix products and convolutions run in WebAssembly SIMD, on threads. */
export class WasmBackend extends CpuBackend {
  override readonly kernels = wasmKernels;
  /** The module instance's linear memory, where wasm kernels find their operands. */
  arena!: Arena;
  /** Why fewer threads run than were asked for, or null. */
  threadsNote: string | null = null;
  /** Work each thread must get before a kernel splits (see WasmBackendOptions). */
  readonly minWorkPerThread: number;
  private workers: ThreadPool | null = null;
  private readonly sharedMemory: boolean;
  // The CPU backend's pool limit, for tensors that are JavaScript arrays (a private memory).
  private readonly jsPoolLimitBytes = this.poolLimitBytes;

  /** `name` is what it is registered as ('wasm' by default). */
  constructor(name = 'wasm', options: WasmBackendOptions = {}) {
    super(name);
    this.minWorkPerThread = options.minWorkPerThread ?? MIN_WORK_PER_THREAD;
    this.sharedMemory = options.sharedMemory ?? true;
    this.setThreads(options.threads ?? defaultThreads());
  }

  /**
   * Resolves once every worker thread has started (at once in Node, where the backend waits for
   * them when it is made; in a browser they start meanwhile, kernels using those that are up).
   */
  async whenThreadsReady(timeoutMs = 30_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.workers && this.workers.ready() < this.workers.threads - 1) {
      if (performance.now() > deadline) {
        throw new Error(
          `wasm backend '${this.name}': ${this.workers.ready()} of ${this.workers.threads - 1} worker threads started within ${timeoutMs} ms`,
        );
      }
      await new Promise((done) => setTimeout(done, 10));
    }
  }

  /** Kernel calls that ran on more than one thread so far. */
  get parallelRuns(): number {
    return this.workers?.parallelRuns ?? 0;
  }

  /** Threads its kernels split across (1: no pool). */
  get threads(): number {
    return this.workers?.threads ?? 1;
  }

  /**
   * Restarts the backend's kernels on `threads` threads (1: a private memory, no workers). Where
   * threads cannot run (no SharedArrayBuffer, a page without cross-origin isolation, the shared
   * module not loaded) it runs on one and says why in threadsNote.
   */
  setThreads(threads: number): void {
    checkThreads(threads, `backend '${this.name}' setThreads`);
    this.workers?.close();
    this.workers = null;
    this.threadsNote = null;
    // Buffers pooled from the memory being replaced would be copied in and out of the new one.
    if (this.arena) this.clearPool();
    const why =
      (this.sharedMemory ? null : 'a private memory was asked for (sharedMemory: false)') ??
      threadsUnavailableReason() ??
      (sharedModuleReady()
        ? null
        : `the shared-memory module is not loaded (initWasm${sharedModuleError() ? `: ${sharedModuleError()}` : ''})`);
    if (why) {
      // A private memory: tensors stay JavaScript arrays, copied in and out around each kernel.
      if (threads > 1) this.threadsNote = `${threads} threads asked for, 1 runs: ${why}`;
      this.arena = new Arena(instantiate(), 1);
    } else {
      // A shared memory, even for one thread: growing it never detaches the tensors' views of it.
      const memory = createSharedMemory();
      const main = instantiateShared(memory);
      this.arena = new Arena(main, threads);
      if (threads > 1) {
        this.workers = new ThreadPool(
          kernelModule(true),
          memory,
          this.arena.control,
          threads,
          main,
        );
      }
    }
    this.poolLimitBytes = this.arena.resident ? Number.POSITIVE_INFINITY : this.jsPoolLimitBytes;
  }

  /**
   * Tensor buffers live in the kernels' linear memory when it is shared; where it is private or
   * full they are JavaScript arrays (kernels copy those in and out).
   */
  protected override newBuffer(size: number, dtype: DType): TypedArray {
    return this.arena.allocate(size, dtype) ?? super.newBuffer(size, dtype);
  }

  /**
   * Runs export `fn` split across up to `want` threads (each call gets (…args, t, T)): on the
   * pool, or as the one thread.
   */
  run(fn: ParallelKernel, args: readonly number[], want: number): void {
    this.arena.resetCounter();
    if (this.workers) {
      this.workers.run(fn, args, want);
      return;
    }
    (this.arena.wasm[fn] as (...a: number[]) => void)(...args, 0, 1);
  }

  /** Stops the worker threads; the backend goes on, on one thread. */
  stopThreads(): void {
    if (this.workers) this.setThreads(1);
  }
}
