// Loading the module the way a browser does (initWasm with bytes, before any synchronous load), and
// the feature probe.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unavailableReason } from '../src/index.js';

test('Node 20 has WebAssembly SIMD', () => {
  assert.is(unavailableReason(), null);
});

test('initWasm refuses a broken module, then loads the real one from bytes', () => {
  // A fresh process: in this one the module may already be compiled by another test file.
  const fixture = fileURLToPath(new URL('./fixtures/browser-load.ts', import.meta.url));
  const run = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', fixture], {
    encoding: 'utf8',
  });
  assert.is(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
  assert.equal(out, { refused: 'refused: CompileError', product: [4, 5, 10, 11] });
});

test.run();
