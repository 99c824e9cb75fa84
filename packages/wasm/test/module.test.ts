// Loading the module the way a browser does (initWasm with bytes, before any synchronous load), and
// the feature probe.
import { readFileSync } from 'node:fs';
import { tensor } from '@digitnet/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createWasmBackend, defaultWasmUrl, initWasm, unavailableReason } from '../src/index.js';

test('Node 20 has WebAssembly SIMD', () => {
  assert.is(unavailableReason(), null);
});

test('initWasm rejects bytes that are not a module, and the backend still loads afterwards', async () => {
  try {
    await initWasm(new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]));
    assert.unreachable('initWasm accepted a broken module');
  } catch (err) {
    assert.instance(err, Error);
    assert.not.match((err as Error).message, /initWasm accepted/);
  }
  await initWasm(readFileSync(defaultWasmUrl()));
  const backend = createWasmBackend('wasm-module-test');
  const a = tensor([1, 2, 3, 4, 5, 6], [1, 2, 3]);
  const b = tensor([1, 0, 0, 1, 1, 1], [1, 3, 2]);
  const c = backend.kernels.MatMul(backend, { a, b }, { transposeA: false, transposeB: false });
  assert.equal(Array.from(backend.floats(c)), [4, 5, 10, 11]);
});

test.run();
