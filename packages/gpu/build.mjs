// Builds dist/: index.js (ESM for Node and bundlers; gpu.js stays an import), browser.js (ESM for
// browsers with gpu.js's browser build inside, so a page runs the model on WebGL2), index.cjs (the
// `require` entry) and .d.ts files.
// @digitnet/core stays an import in both: the page's backend registry must be core's one.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { writeCjsEntries } from '../../scripts/cjs-entries.mjs';

rmSync('dist', { recursive: true, force: true });
const common = {
  entryPoints: ['src/index.ts'],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
};
await build({ ...common, outfile: 'dist/index.js', platform: 'neutral', packages: 'external' });
await build({
  ...common,
  outfile: 'dist/browser.js',
  platform: 'browser',
  // gpu.js's "browser" field points at its self-contained browser build; headless-gl is Node-only.
  external: ['@digitnet/core', 'gl'],
  minify: true,
});
writeCjsEntries([{ file: 'dist/index.cjs', target: './index.js', name: '@digitnet/gpu' }]);
execFileSync(
  process.execPath,
  ['../../node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
  { stdio: 'inherit' },
);
