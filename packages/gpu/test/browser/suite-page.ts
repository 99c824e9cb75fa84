// The conformance suite inside a browser page, on gpu.js's webgl2 mode: bundled by
// conformance-webgl2.test.ts, which runs each test through window.digitnetSuite.
import { runBackendSuite } from '@digitnet/core/testing';
import { registerGpuBackend, unavailableReason } from '../../src/index.js';

type SuiteFn = () => void | Promise<void>;
const tests = new Map<string, SuiteFn>();
const unavailable = unavailableReason('webgl2');
if (!unavailable) {
  registerGpuBackend('gpu-webgl2', { mode: 'webgl2' });
  runBackendSuite('gpu-webgl2', { test: (name, fn) => tests.set(name, fn) });
}

/** What the Node side calls in the page. */
const suite = {
  unavailable,
  names: (): string[] => [...tests.keys()],
  /** Runs one test: null when it passed, else its error. */
  async run(name: string): Promise<string | null> {
    try {
      await (tests.get(name) as SuiteFn)();
      return null;
    } catch (err) {
      return err instanceof Error ? (err.stack ?? err.message) : String(err);
    }
  },
};
(globalThis as { digitnetSuite?: typeof suite }).digitnetSuite = suite;
