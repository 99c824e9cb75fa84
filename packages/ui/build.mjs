// Bundles the app into dist/: index.html plus content-hashed JS and CSS (safe to cache forever),
// and sw.js, the service worker that keeps them for reloads while the server is down;
// each beside its .br and .gz, which the server's serveStatic({ precompressed: true }) sends to
// browsers that accept them.
//   node build.mjs           one minified build
//   node build.mjs --watch   rebuild on every change (npm run dev)
//   node build.mjs --outdir /tmp/ui   build elsewhere (the browser tests do)
import { watch as watchFile } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import * as esbuild from 'esbuild';
import { solidPlugin } from 'esbuild-plugin-solid';

const here = new URL('.', import.meta.url).pathname;
const args = process.argv.slice(2);
const watch = args.includes('--watch');
const outdirAt = args.indexOf('--outdir');
const outdir = outdirAt >= 0 ? resolve(args[outdirAt + 1]) : join(here, 'dist');

// Writes index.html naming this build's hashed files, and removes files of earlier builds.
const htmlPlugin = {
  name: 'index-html',
  setup(build) {
    build.onStart(() => {
      build.started = performance.now();
    });
    build.onEnd(async (result) => {
      if (result.errors.length > 0) return;
      const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
      const js = outputs.find((f) => f.endsWith('.js'));
      const css = outputs.find((f) => f.endsWith('.css'));
      const template = await readFile(join(here, 'src/index.html'), 'utf8');
      const html = template
        .replace('<!-- css -->', css ? `<link rel="stylesheet" href="/${css}" />` : '')
        .replace('<!-- js -->', `<script type="module" src="/${js}"></script>`);
      await writeFile(join(outdir, 'index.html'), html);
      // The service worker keeps this build's page, script and stylesheet for offline reloads.
      const shell = ['/', `/${js}`, ...(css ? [`/${css}`] : [])];
      const worker = await readFile(join(here, 'src/sw.js'), 'utf8');
      await writeFile(
        join(outdir, 'sw.js'),
        worker.replace("const SHELL = ['/'];", `const SHELL = ${JSON.stringify(shell)};`),
      );
      const files = [...outputs, 'index.html', 'sw.js'];
      await Promise.all(files.map((f) => compress(join(outdir, f))));
      const keep = new Set(files.flatMap((f) => [f, `${f}.br`, `${f}.gz`]));
      for (const file of await readdir(outdir)) {
        if (!keep.has(file)) await rm(join(outdir, file), { force: true });
      }
      const ms = Math.round(performance.now() - build.started);
      console.log(`@digitnet/ui: built ${[js, css].filter(Boolean).join(', ')} in ${ms} ms`);
    });
  },
};

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Writes FILE.br and FILE.gz at the highest levels: built once, served many times. */
async function compress(file) {
  const bytes = await readFile(file);
  const br = await brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  await writeFile(`${file}.br`, br);
  await writeFile(`${file}.gz`, await gzipped(bytes, { level: 9 }));
}

const options = {
  entryPoints: [join(here, 'src/main.tsx')],
  outdir,
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: !watch,
  sourcemap: watch ? 'inline' : false,
  entryNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  plugins: [solidPlugin(), htmlPlugin],
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  // esbuild watches what the bundle imports; the HTML template is read by the plugin above.
  for (const file of ['src/index.html', 'src/sw.js']) {
    watchFile(join(here, file), () => ctx.rebuild().catch(() => {}));
  }
  console.log('@digitnet/ui: watching src/ (Ctrl-C to stop); the server serves dist/');
} else {
  await rm(outdir, { recursive: true, force: true });
  await esbuild.build(options);
}
