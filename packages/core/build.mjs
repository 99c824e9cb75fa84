// Builds dist/: ESM bundles per entry point with esbuild, then .d.ts declarations with tsc.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const entries = ['src/index.ts', 'src/testing/index.ts', 'src/node.ts'].filter((e) =>
  existsSync(e),
);
rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: entries,
  outdir: 'dist',
  outbase: 'src',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  // Dependencies stay imports for Node or the app's bundler to resolve; Node built-ins appear
  // only in the Node entry (src/node.ts).
  packages: 'external',
  external: ['node:*'],
  logLevel: 'warning',
});
execFileSync(
  process.execPath,
  ['../../node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
  {
    stdio: 'inherit',
  },
);
