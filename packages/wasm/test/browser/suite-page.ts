// The conformance suite inside a browser page on the wasm backend, on one thread and on three
// (Web Workers over a shared memory, where the page is cross-origin isolated): bundled and served
// by conformance-chromium.test.ts, which runs each test through window.digitnetSuite.
import { registerBackend } from '@digitnet/core';
import { runBackendSuite } from '@digitnet/core/testing';
import {
  createWasmBackend,
  initWasm,
  threadsUnavailableReason,
  type WasmBackend,
} from '../../src/index.js';

type SuiteFn = () => void | Promise<void>;
const tests = new Map<string, SuiteFn>();
let threaded: WasmBackend | null = null;

/** What the Node side calls in the page. */
const suite = {
  names: (): string[] => [...tests.keys()],
  /** Loads the modules and starts both backends; returns why threads cannot run, or null. */
  async start(): Promise<string | null> {
    const { href } = (globalThis as unknown as { location: { href: string } }).location;
    await initWasm(new URL('/digitnet-kernels.wasm', href));
    const one = createWasmBackend('wasm-chromium-1-thread', { threads: 1 });
    registerBackend(one.name, () => one);
    runBackendSuite(one.name, { test: (name, fn) => tests.set(`1 thread: ${name}`, fn) });
    const why = threadsUnavailableReason();
    if (why) return why;
    threaded = createWasmBackend('wasm-chromium-3-threads', { threads: 3, minWorkPerThread: 1 });
    await threaded.whenThreadsReady();
    const three = threaded;
    registerBackend(three.name, () => three);
    runBackendSuite(three.name, { test: (name, fn) => tests.set(`3 threads: ${name}`, fn) });
    return null;
  },
  /** Runs one test: null when it passed, else its error. */
  async run(name: string): Promise<string | null> {
    try {
      await (tests.get(name) as SuiteFn)();
      return null;
    } catch (err) {
      return err instanceof Error ? (err.stack ?? err.message) : String(err);
    }
  },
  /** Kernel calls the 3-thread backend split across its workers. */
  parallelRuns: (): number => threaded?.parallelRuns ?? 0,
  threads: (): number => threaded?.threads ?? 1,
};
(globalThis as { digitnetSuite?: typeof suite }).digitnetSuite = suite;
