// Builds dist/: one ESM file per source file (esbuild, not bundled, so that an app's bundler drops
// the modules it does not use: see "sideEffects" in package.json), .d.ts declarations with tsc, and
// a CommonJS entry per export for `require`.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { writeCjsEntries } from '../../scripts/cjs-entries.mjs';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/**/*.ts'],
  outdir: 'dist',
  outbase: 'src',
  bundle: false,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
});
writeCjsEntries([
  { file: 'dist/index.cjs', target: './index.js', name: '@digitnet/core' },
  { file: 'dist/node.cjs', target: './node.js', name: '@digitnet/core/node' },
  { file: 'dist/testing.cjs', target: './testing/index.js', name: '@digitnet/core/testing' },
]);
execFileSync(
  process.execPath,
  ['../../node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
  {
    stdio: 'inherit',
  },
);
