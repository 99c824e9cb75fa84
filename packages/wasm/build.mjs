// Builds dist/: digitnet-kernels.wasm and digitnet-kernels-shared.wasm (AssemblyScript in assembly/,
// SIMD, optimised), index.js
// (ESM for Node, browsers and bundlers; it loads the .wasm beside it), index.cjs (the `require`
// entry) and .d.ts files. @digitnet/core stays an import: the backend registers into the app's core.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { writeCjsEntries } from '../../scripts/cjs-entries.mjs';

rmSync('dist', { recursive: true, force: true });
const asc = '../../node_modules/assemblyscript/bin/asc.js';
const compile = (out, extra) =>
  execFileSync(
    process.execPath,
    [
      asc,
      'assembly/index.ts',
      '--outFile',
      `dist/${out}.wasm`,
      '--textFile',
      `dist/${out}.wat`,
      '--optimizeLevel',
      '3',
      '--shrinkLevel',
      '0',
      '--runtime',
      'stub',
      '--noAssert',
      '--enable',
      'simd',
      // Atomics (claiming work items) in both builds: valid on an unshared memory too.
      '--enable',
      'threads',
      ...extra,
    ],
    { stdio: 'inherit' },
  );
// One module with its own memory (single thread, no SharedArrayBuffer needed) and the same code
// importing a shared memory, instantiated once per thread over that memory (src/threads.ts).
// 32768 pages: a 2 GiB ceiling, reserved (not committed) up front as shared memories must be.
compile('digitnet-kernels', []);
compile('digitnet-kernels-shared', [
  '--importMemory',
  '--sharedMemory',
  '--initialMemory',
  '64',
  '--maximumMemory',
  '32768',
]);
await build({
  entryPoints: ['src/index.ts'],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
  outfile: 'dist/index.js',
  platform: 'neutral',
  packages: 'external',
});
writeCjsEntries([{ file: 'dist/index.cjs', target: './index.js', name: '@digitnet/wasm' }]);
execFileSync(
  process.execPath,
  ['../../node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
  { stdio: 'inherit' },
);
