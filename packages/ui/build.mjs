// Bundles the app into dist/: index.html plus content-hashed JS and CSS (safe to cache forever),
// the engine (worker-*.js, a module worker running @digitnet/core; chunk-*.js, gpu.js loaded only
// when WebGL2 is tried; digitnet-kernels-*.wasm, @digitnet/wasm's kernels), and sw.js, the service
// worker that keeps all of them for reloads while the server is down; each beside its .br and .gz,
// which the server's serveStatic({ precompressed: true }) sends to browsers that accept them.
//   node build.mjs           one minified build; prints each file's gzipped size
//   node build.mjs --watch   rebuild on every change (npm run dev)
//   node build.mjs --outdir /tmp/ui   build elsewhere (the browser tests do)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, watch as watchFile } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
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
const wasmDir = join(here, '../wasm');
const wasmFiles = ['digitnet-kernels.wasm', 'digitnet-kernels-shared.wasm'];
const servedModel = join(here, '../../models/mnist-cnn-f16.safetensors');

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Writes FILE.br and FILE.gz at the highest levels (built once, served many times); the gzip size. */
async function compress(file) {
  const bytes = await readFile(file);
  const br = await brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  await writeFile(`${file}.br`, br);
  const gz = await gzipped(bytes, { level: 9 });
  await writeFile(`${file}.gz`, gz);
  return { bytes: bytes.length, gzip: gz.length };
}

/**
 * The wasm kernels (the single-thread module and the shared-memory one threads need), built by
 * @digitnet/wasm's build when this checkout has not built them yet; their names in this build.
 */
async function wasmKernels() {
  if (!wasmFiles.every((f) => existsSync(join(wasmDir, 'dist', f)))) {
    console.log('@digitnet/ui: building @digitnet/wasm first (its kernels are missing)');
    execFileSync(process.execPath, ['build.mjs'], { cwd: wasmDir, stdio: 'inherit' });
  }
  const names = [];
  for (const file of wasmFiles) {
    const bytes = await readFile(join(wasmDir, 'dist', file));
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
    const name = watch ? file : file.replace(/\.wasm$/, `-${hash}.wasm`);
    await writeFile(join(outdir, name), bytes);
    names.push(name);
  }
  return names;
}

const common = {
  outdir,
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: !watch,
  sourcemap: watch ? 'inline' : false,
  // Hashed names are cached forever; the watch build keeps fixed names so the page finds its worker.
  entryNames: watch ? '[name]' : '[name]-[hash]',
  chunkNames: watch ? 'chunk-[name]' : 'chunk-[hash]',
  metafile: true,
  logLevel: 'warning',
};

// The engine worker: the same workspace packages the server runs (their TypeScript sources, so it
// never bundles a stale dist/), split so that gpu.js is fetched only when WebGL2 is tried.
const workerOptions = {
  ...common,
  entryPoints: { worker: join(here, 'src/engine/worker.ts') },
  splitting: true,
  conditions: ['source'],
  platform: 'browser',
  // gpu.js's browser build never loads headless-gl, a Node-only package.
  external: ['gl'],
};

const outputsOf = (result) => Object.keys(result.metafile.outputs).map((p) => basename(p));

/** Writes index.html, sw.js and the compressed copies; removes files of earlier builds. */
async function finish({ page, worker, wasm, started }) {
  const main = outputsOf(page).find((f) => f.startsWith('main') && f.endsWith('.js'));
  const css = outputsOf(page).find((f) => f.endsWith('.css'));
  const engine = [...outputsOf(worker), ...wasm];
  // Chunks holding gpu.js: fetched only where WebGL2 is tried, so not precached for everyone.
  const lazy = Object.entries(worker.metafile.outputs)
    .filter(([, o]) => Object.keys(o.inputs ?? {}).some((i) => i.includes('node_modules/gpu.js/')))
    .map(([p]) => basename(p));
  const template = await readFile(join(here, 'src/index.html'), 'utf8');
  const html = template
    .replace('<!-- css -->', css ? `<link rel="stylesheet" href="/${css}" />` : '')
    .replace('<!-- js -->', `<script type="module" src="/${main}"></script>`);
  await writeFile(join(outdir, 'index.html'), html);
  // The service worker keeps this build's page, script, stylesheet and engine for offline reloads.
  const shell = [
    '/',
    `/${main}`,
    ...(css ? [`/${css}`] : []),
    ...engine.filter((f) => !lazy.includes(f)).map((f) => `/${f}`),
  ];
  const sw = await readFile(join(here, 'src/sw.js'), 'utf8');
  const version = watch ? `-${Date.now()}` : '';
  await writeFile(
    join(outdir, 'sw.js'),
    sw
      .replace("const SHELL = ['/'];", `const SHELL = ${JSON.stringify(shell)};`)
      .replace('const LAZY = [];', `const LAZY = ${JSON.stringify(lazy.map((f) => `/${f}`))};`)
      .replace("const BUILD = '';", `const BUILD = '${version}';`),
  );
  const files = [...outputsOf(page), ...engine, 'index.html', 'sw.js'];
  const sizes = new Map();
  for (const f of files) sizes.set(f, await compress(join(outdir, f)));
  const keep = new Set(files.flatMap((f) => [f, `${f}.br`, `${f}.gz`]));
  for (const file of await readdir(outdir)) {
    if (!keep.has(file)) await rm(join(outdir, file), { force: true });
  }
  const ms = Math.round(performance.now() - started);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const gz = (f) => kb(sizes.get(f).gzip);
  const workerJs = outputsOf(worker).filter((f) => f.endsWith('.js'));
  const workerMain = workerJs.find((f) => f.startsWith('worker'));
  const chunks = workerJs.filter((f) => f !== workerMain);
  console.log(`@digitnet/ui: built ${[main, css].filter(Boolean).join(', ')} in ${ms} ms`);
  console.log(
    `  gzipped: page ${gz(main)}${css ? `, css ${gz(css)}` : ''}; engine worker ${gz(workerMain)}` +
      `${chunks.map((c) => `, ${c}${lazy.includes(c) ? ' (gpu.js, loaded for WebGL2 only)' : ''} ${gz(c)}`).join('')}; ${wasm.map((w) => `${w} ${gz(w)}`).join(', ')}`,
  );
  if (existsSync(servedModel)) {
    console.log(
      `  weights (models/${basename(servedModel)}): ${kb((await stat(servedModel)).size)}`,
    );
  }
}

/** The page's build options, naming this build's worker and wasm files. */
const pageOptions = (worker, wasm) => ({
  ...common,
  entryPoints: [join(here, 'src/main.tsx')],
  define: {
    __ENGINE_WORKER__: JSON.stringify(`/${outputsOf(worker).find((f) => f.startsWith('worker'))}`),
    __ENGINE_WASM__: JSON.stringify(`/${wasm[0]}`),
    __ENGINE_WASM_SHARED__: JSON.stringify(`/${wasm[1]}`),
  },
  plugins: [solidPlugin()],
});

if (watch) {
  await mkdir(outdir, { recursive: true });
  const wasm = await wasmKernels();
  // Fixed names in watch mode: the page's define stays valid whichever build ends first.
  const built = { worker: null, page: null };
  const done = (key) => ({
    name: `finish-${key}`,
    setup(build) {
      build.onStart(() => {
        build.started = performance.now();
      });
      build.onEnd(async (result) => {
        if (result.errors.length > 0) return;
        built[key] = result;
        if (built.worker && built.page) {
          await finish({ ...built, wasm, started: build.started });
        }
      });
    },
  });
  const worker = await esbuild.context({ ...workerOptions, plugins: [done('worker')] });
  const fixed = { metafile: { outputs: { 'worker.js': {} } } };
  const page = await esbuild.context({
    ...pageOptions(fixed, wasm),
    plugins: [solidPlugin(), done('page')],
  });
  await Promise.all([worker.watch(), page.watch()]);
  // The HTML template and the service worker are read by finish(), not imported.
  for (const file of ['src/index.html', 'src/sw.js']) {
    watchFile(join(here, file), () => page.rebuild().catch(() => {}));
  }
  console.log('@digitnet/ui: watching src/ (Ctrl-C to stop); the server serves dist/');
} else {
  const started = performance.now();
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const wasm = await wasmKernels();
  const worker = await esbuild.build(workerOptions);
  const page = await esbuild.build(pageOptions(worker, wasm));
  await finish({ page, worker, wasm, started });
}
