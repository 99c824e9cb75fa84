// Core's conformance suite on the wasm backend on 3 threads, every kernel that can split splitting
// (minWorkPerThread 1), so the suite's small cases exercise uneven and empty shares.
import { registerBackend } from '@digitnet/core';
import { runBackendSuite } from '@digitnet/core/testing';
import { test } from 'uvu';
import { createWasmBackend } from '../src/index.js';

registerBackend('wasm-3-threads', () =>
  createWasmBackend('wasm-3-threads', { threads: 3, minWorkPerThread: 1 }),
);
runBackendSuite('wasm-3-threads', { test });
test.run();
