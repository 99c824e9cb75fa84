// Builds dist/: digitnet-kernels.wasm (AssemblyScript in assembly/, SIMD, optimised), index.js
// (ESM for Node, browsers and bundlers; it loads the .wasm beside it), index.cjs (the `require`
// entry) and .d.ts files. @digitnet/core stays an import: the backend registers into the app's core.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { writeCjsEntries } from '../../scripts/cjs-entries.mjs';

rmSync('dist', { recursive: true, force: true });
const asc = '../../node_modules/assemblyscript/bin/asc.js';
execFileSync(
  process.execPath,
  [
    asc,
    'assembly/index.ts',
    '--outFile',
    'dist/digitnet-kernels.wasm',
    '--textFile',
    'dist/digitnet-kernels.wat',
    '--optimizeLevel',
    '3',
    '--shrinkLevel',
    '0',
    '--runtime',
    'stub',
    '--noAssert',
    '--enable',
    'simd',
  ],
  { stdio: 'inherit' },
);
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
