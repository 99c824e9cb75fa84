// A pool of threads over one shared WebAssembly.Memory: worker_threads in Node, Web Workers in
// browsers, each with its own instance of the shared-memory build. The calling thread is thread 0:
// it posts a task (an export's name and its arguments) into a control block in that memory, wakes
// the workers with Atomics.notify and works on the task itself. The kernels claim their items
// (images, column strips, channels) one at a time from a shared counter, so a worker the OS has
// not scheduled yet is simply left fewer items (none, when thread 0 finishes the task first).
// Items are whole outputs, never part of a sum, so results are bit-identical whatever the count.
import type { KernelExports, WasmMemory, WasmModule } from './module.js';

/** The exports a pool can run, each taking (…args, t, T): thread t of T claims items until none is left. */
export const PARALLEL_KERNELS = [
  'conv2d',
  'conv2dBackpropInput',
  'conv2dBackpropFilter',
  'gemmPart',
  'batchNormTrain',
  'batchNormTrainGrad',
  'binarySamePart',
  'binaryRowsPart',
  'unaryPart',
  'maxPool2dHalvePart',
  'maxPool2dBackpropPart',
] as const;
/** One of the exports a pool can run. */
export type ParallelKernel = (typeof PARALLEL_KERNELS)[number];

/** Bytes of the control block: 16 int32 fields, then up to MAX_ARGS float64 arguments. */
export const CONTROL_BYTES = 64 + 8 * 16;
const MAX_ARGS = 16;
// Int32 fields of the control block.
const GEN = 0; // bumped by thread 0 for each task
const ACTIVE = 1; // workers inside the current task
const FN = 2; // index into PARALLEL_KERNELS
const COUNT = 3; // T: threads that may take part (thread t < T)
const STOP = 4; // non-zero: workers leave their loop
const READY = 5; // workers that have instantiated
const FAILED = 6; // 1 + the index of a worker whose part threw, or 0
const NARGS = 7;
const CLOSED = 8; // the last task thread 0 has closed: a worker arriving later leaves it alone

// The worker's body, plain JavaScript (no bundler or loader reaches a worker's source): `start`
// takes the init message and loops on the control block. Node runs it with `workerData`; a browser
// worker with its first message. Joining a task: ACTIVE up, then CLOSED checked; thread 0 closes
// with CLOSED set, then ACTIVE read. Sequentially consistent atomics make one of the two see the
// other: either thread 0 waits for this worker, or the worker stays out of a finished task.
const WORKER_BODY = `
const start = ({ module, memory, ctrl, index, names }) => {
  const abort = () => { throw new Error('wasm backend: the module aborted in worker ' + index); };
  const exports = new WebAssembly.Instance(module, { env: { memory, abort } }).exports;
  const c = new Int32Array(memory.buffer, ctrl, 16);
  const args = new Float64Array(memory.buffer, ctrl + 64, ${MAX_ARGS});
  const fns = names.map((n) => exports[n]);
  let seen = Atomics.load(c, ${GEN});
  Atomics.add(c, ${READY}, 1);
  Atomics.notify(c, ${READY});
  const leave = () => { if (Atomics.sub(c, ${ACTIVE}, 1) === 1) Atomics.notify(c, ${ACTIVE}); };
  for (;;) {
    Atomics.wait(c, ${GEN}, seen);
    const gen = Atomics.load(c, ${GEN});
    if (gen === seen) continue;
    seen = gen;
    if (Atomics.load(c, ${STOP}) !== 0) return;
    if (index >= c[${COUNT}]) continue;
    Atomics.add(c, ${ACTIVE}, 1);
    if (Atomics.load(c, ${CLOSED}) === gen) { leave(); continue; }
    try {
      const a = Array.from(args.subarray(0, c[${NARGS}]));
      fns[c[${FN}]](...a, index, c[${COUNT}]);
    } catch (err) {
      Atomics.store(c, ${FAILED}, index + 1);
    }
    leave();
  }
};
`;

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: 'error', listener: (err: Error) => void): void;
}
interface NodeWorkerThreads {
  Worker: new (
    source: string,
    options: { eval: true; workerData: unknown; execArgv: string[]; stdout?: boolean },
  ) => NodeWorker;
}
interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
}
interface WebApis {
  Worker: new (url: string) => WebWorker;
  Blob: new (parts: string[], options: { type: string }) => object;
  URL: { createObjectURL(blob: object): string; revokeObjectURL(url: string): void };
}

const nodeBuiltin = <T>(id: string): T | undefined => {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.(id) as T | undefined;
};

/** How long thread 0 waits for the workers (to start, or to finish a share) before throwing. */
const WAIT_MS = 60_000;

/** Worker threads 1…n−1 over one shared memory; the caller is thread 0. */
export class ThreadPool {
  /** Threads, the caller included. */
  readonly threads: number;
  private readonly control: Int32Array;
  private readonly args: Float64Array;
  private readonly stops: (() => void)[] = [];
  private readonly canBlock: boolean;
  private closed = false;
  /** Tasks that ran on more than one thread. */
  parallelRuns = 0;

  /**
   * Starts `threads − 1` workers, each instantiating `module` over `memory`, with the control block
   * at byte `ctrl`. In Node it waits until they are up; in a browser they come up meanwhile and
   * tasks use the ones that are (ready()).
   */
  constructor(
    module: WasmModule,
    memory: WasmMemory,
    ctrl: number,
    threads: number,
    private readonly main: KernelExports,
  ) {
    this.threads = threads;
    this.control = new Int32Array(memory.buffer, ctrl, 16);
    this.args = new Float64Array(memory.buffer, ctrl + 64, MAX_ARGS);
    this.control.fill(0);
    const names = [...PARALLEL_KERNELS];
    const workerThreads = nodeBuiltin<NodeWorkerThreads>('node:worker_threads');
    this.canBlock = workerThreads !== undefined;
    for (let index = 1; index < threads; index++) {
      const workerData = { module, memory, ctrl, index, names };
      if (workerThreads) {
        // execArgv []: no loader (tsx) in the worker, whose source is plain JavaScript.
        const worker = new workerThreads.Worker(
          `${WORKER_BODY}\nstart(require('node:worker_threads').workerData);`,
          { eval: true, workerData, execArgv: [] },
        );
        // A pool must never keep a process alive: an unref'd worker ends with its process.
        worker.unref();
        worker.on('error', () => Atomics.store(this.control, FAILED, index + 1));
        this.stops.push(() => void worker.terminate());
      } else {
        const web = globalThis as unknown as WebApis;
        const blob = new web.Blob([`${WORKER_BODY}\nself.onmessage = (e) => start(e.data);`], {
          type: 'text/javascript',
        });
        const url = web.URL.createObjectURL(blob);
        const worker = new web.Worker(url);
        web.URL.revokeObjectURL(url);
        worker.postMessage(workerData);
        this.stops.push(() => worker.terminate());
      }
    }
    if (this.canBlock) this.waitReady();
  }

  /** Workers that have started (threads − 1 once all are up). */
  ready(): number {
    return Atomics.load(this.control, READY);
  }

  /**
   * Runs export `fn` as thread 0 of T = min(`want`, 1 + ready workers) and waits for the others:
   * each call does `fn(...args, t, T)`.
   */
  run(fn: ParallelKernel, args: readonly number[], want: number): void {
    const T = this.closed ? 1 : Math.max(1, Math.min(want, this.threads, 1 + this.ready()));
    const call = this.main[fn] as (...a: number[]) => void;
    if (T === 1) {
      call(...args, 0, 1);
      return;
    }
    if (args.length > MAX_ARGS) {
      throw new Error(
        `wasm backend: ${fn} takes ${args.length} arguments, a pool at most ${MAX_ARGS}`,
      );
    }
    this.parallelRuns++;
    const c = this.control;
    this.args.set(args);
    c[FN] = PARALLEL_KERNELS.indexOf(fn);
    c[COUNT] = T;
    c[NARGS] = args.length;
    c[FAILED] = 0;
    const gen = Atomics.add(c, GEN, 1) + 1;
    Atomics.notify(c, GEN);
    let mainError: unknown = null;
    try {
      call(...args, 0, T);
    } catch (err) {
      mainError = err;
    }
    // Every item is claimed: close the task, then wait for the workers still inside it.
    Atomics.store(c, CLOSED, gen);
    this.waitFor(ACTIVE, 0, `${fn} on ${T} threads`);
    if (mainError) throw mainError;
    const failed = Atomics.load(c, FAILED);
    if (failed) throw new Error(`wasm backend: ${fn} failed in worker thread ${failed - 1}`);
  }

  /** Stops the workers (idempotent); later tasks run on the calling thread alone. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, GEN, 1);
    Atomics.notify(this.control, GEN);
    for (const stop of this.stops) stop();
  }

  private waitReady(): void {
    const deadline = performance.now() + WAIT_MS;
    for (;;) {
      const ready = Atomics.load(this.control, READY);
      if (ready >= this.threads - 1) return;
      const failed = Atomics.load(this.control, FAILED);
      if (failed) throw new Error(`wasm backend: worker thread ${failed - 1} failed to start`);
      if (performance.now() > deadline) {
        this.close();
        throw new Error(
          `wasm backend: ${ready} of ${this.threads - 1} worker threads started within ${WAIT_MS / 1000} s`,
        );
      }
      Atomics.wait(this.control, READY, ready, 50);
    }
  }

  // Waits until field `at` reads `value`: Atomics.wait where the thread may block (Node, workers),
  // a spin where it may not (a browser's main thread).
  private waitFor(at: number, value: number, what: string): void {
    const c = this.control;
    const deadline = performance.now() + WAIT_MS;
    for (let spins = 0; ; spins++) {
      const now = Atomics.load(c, at);
      if (now === value) return;
      if (this.canBlock) Atomics.wait(c, at, now, 100);
      if ((spins & 1023) === 0 && performance.now() > deadline) {
        throw new Error(
          `wasm backend: the worker threads did not finish ${what} within ${WAIT_MS / 1000} s`,
        );
      }
    }
  }
}
