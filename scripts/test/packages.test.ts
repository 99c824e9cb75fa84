import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// What a user gets from npm: each publishable package is packed with `npm pack`, its tarball's
// contents checked, and the tarballs installed into a fresh project outside the repository (the
// @digitnet packages from the tarballs, their third-party dependencies linked from the repo's
// node_modules: no network), which then imports them as ESM, as CommonJS and from TypeScript, and
// bundles core for the browser. `npm test` builds dist/ first (pretest).

const root = fileURLToPath(new URL('../../', import.meta.url));

/** One row per publishable package; a new package adds a row. */
interface PackageRow {
  dir: string;
  name: string;
  /** Files the tarball must hold, besides package.json, README.md and LICENSE. */
  files: string[];
  /** ESM code run in the fresh project; prints what `esmPrints` expects. */
  esm: string;
  esmPrints: string;
  /** CommonJS code run in the fresh project; prints what `cjsPrints` expects. */
  cjs: string;
  cjsPrints: string;
  /** TypeScript that must typecheck against the package's declarations. */
  ts: string;
}

const packages: PackageRow[] = [
  {
    dir: 'packages/core',
    name: '@digitnet/core',
    files: [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/index.cjs',
      'dist/node.js',
      'dist/node.d.ts',
      'dist/node.cjs',
      'dist/testing/index.js',
      'dist/testing.cjs',
    ],
    esm: `
      import { tensor, models, nn } from '@digitnet/core';
      import { loadSafetensors } from '@digitnet/core/node';
      import { runBackendSuite } from '@digitnet/core/testing';
      const out = models.mnistCnn({ factor: 4 }).eval().forward(tensor(new Float32Array(784), [1, 1, 28, 28]));
      const x = tensor([1, 2, 3]).requiresGrad_();
      x.mul(x).sum().backward();
      console.log(JSON.stringify([out.shape, typeof nn.Conv2d, typeof loadSafetensors, typeof runBackendSuite, [...x.grad.dataSync()]]));
    `,
    esmPrints: '[[1,10],"function","function","function",[2,4,6]]',
    cjs: `
      const { tensor } = require('@digitnet/core');
      const { saveSafetensors } = require('@digitnet/core/node');
      console.log(JSON.stringify([[...tensor([1, 2]).add(1).dataSync()], typeof saveSafetensors]));
    `,
    cjsPrints: '[[2,3],"function"]',
    ts: `
      import { type Tensor, tensor, nn, optim } from '@digitnet/core';
      import { loadSafetensors } from '@digitnet/core/node';
      const model = new nn.Sequential(new nn.Linear(4, 2));
      const y: Tensor = model.forward(tensor([[1, 2, 3, 4]]));
      const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
      const shape: readonly number[] = y.shape;
      export const done: Promise<unknown> = loadSafetensors('x.safetensors');
      export { opt, shape };
    `,
  },
  {
    dir: 'packages/gpu',
    name: '@digitnet/gpu',
    files: ['dist/index.js', 'dist/index.d.ts', 'dist/index.cjs', 'dist/browser.js'],
    // One registry: the gpu backend registers into the core the app imports (a peer dependency).
    esm: `
      import { listBackends, setBackend, tensor } from '@digitnet/core';
      import { createGpuBackend } from '@digitnet/gpu';
      setBackend('gpu');
      const y = tensor([[1, 2], [3, 4]]).matmul(tensor([[1], [1]]));
      console.log(JSON.stringify([listBackends(), y.backend.name, [...y.dataSync()], typeof createGpuBackend]));
    `,
    esmPrints: '[["cpu","gpu"],"gpu",[3,7],"function"]',
    cjs: `
      const core = require('@digitnet/core');
      require('@digitnet/gpu');
      console.log(JSON.stringify(core.listBackends()));
    `,
    cjsPrints: '["cpu","gpu"]',
    ts: `
      import { createGpuBackend, type GpuBackendOptions } from '@digitnet/gpu';
      const options: GpuBackendOptions = { mode: 'cpu' };
      export const make = () => createGpuBackend(options).mode;
    `,
  },
  {
    dir: 'packages/wasm',
    name: '@digitnet/wasm',
    files: [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/index.cjs',
      'dist/digitnet-kernels.wasm',
      'dist/digitnet-kernels-shared.wasm',
    ],
    // The packed module runs: the .wasm is read from beside dist/index.js, and a 33×20 by 20×17
    // product (integers, so float32 sums are exact in any order) must equal the cpu backend's.
    esm: `
      import { listBackends, setBackend, tensor } from '@digitnet/core';
      import { WasmBackend, wasmSimdAvailable } from '@digitnet/wasm';
      const a = Array.from({ length: 33 }, (_, i) => Array.from({ length: 20 }, (_, j) => ((i * 7 + j * 3) % 11) - 5));
      const b = Array.from({ length: 20 }, (_, i) => Array.from({ length: 17 }, (_, j) => ((i * 5 + j) % 9) - 4));
      setBackend('cpu');
      const want = [...tensor(a).matmul(tensor(b)).dataSync()];
      const backend = setBackend('wasm');
      const y = tensor(a).matmul(tensor(b));
      const got = [...y.dataSync()];
      const same = got.length === want.length && got.every((v, i) => v === want[i]);
      console.log(JSON.stringify([listBackends(), wasmSimdAvailable(), backend instanceof WasmBackend, y.backend.name, y.shape, same, got.slice(0, 3)]));
    `,
    esmPrints: '[["cpu","wasm"],true,true,"wasm",[33,17],true,[47,8,-22]]',
    cjs: `
      const core = require('@digitnet/core');
      const { WasmBackend } = require('@digitnet/wasm');
      const backend = core.setBackend('wasm');
      const y = core.tensor([[1, 2], [3, 4]]).matmul(core.tensor([[1], [1]]));
      console.log(JSON.stringify([core.listBackends(), backend instanceof WasmBackend, y.backend.name, [...y.dataSync()]]));
    `,
    cjsPrints: '[["cpu","wasm"],true,"wasm",[3,7]]',
    ts: `
      import { createWasmBackend, initWasm, WasmBackend, wasmSimdAvailable } from '@digitnet/wasm';
      export const ready: Promise<void> = initWasm(new Uint8Array(0));
      export const wasm: WasmBackend | null = wasmSimdAvailable() ? createWasmBackend('wasm-2') : null;
    `,
  },
];

// The fresh project, shared by the tests below (uvu runs them in order).
let project = '';

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, DIGITNET_GPU_MODE: 'cpu', ...env },
  });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

function linkDependency(dep: string): void {
  const target = join(project, 'node_modules', dep);
  if (existsSync(target)) return;
  const source = join(root, 'node_modules', dep);
  assert.ok(existsSync(source), `${dep} is not installed in the repo's node_modules`);
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(source, target, 'dir');
}

test('npm pack: each tarball holds README, LICENSE and dist, and no tests or fixtures', () => {
  project = mkdtempSync(join(tmpdir(), 'digitnet-pack-'));
  const tarballs = join(project, 'tarballs');
  mkdirSync(tarballs);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'fresh-app', private: true, type: 'module' }),
  );
  for (const pkg of packages) {
    assert.ok(
      existsSync(join(root, pkg.dir, 'dist')),
      `${pkg.dir}/dist is missing: run \`npm run build\` first`,
    );
    // --ignore-scripts: prepack would rebuild dist/, which `npm test` has just built.
    const packed = JSON.parse(
      run(
        'npm',
        ['pack', '--json', '--ignore-scripts', '--pack-destination', tarballs],
        join(root, pkg.dir),
      ),
    )[0] as { filename: string; files: { path: string }[]; size: number; unpackedSize: number };
    const files = packed.files.map((f) => f.path);
    for (const need of ['package.json', 'README.md', 'LICENSE', ...pkg.files]) {
      assert.ok(files.includes(need), `${pkg.name}'s tarball lacks ${need}`);
    }
    const unwanted = files.filter((f) => /(^|\/)(test|tests|fixtures)\/|\.test\.ts$/.test(f));
    assert.equal(unwanted, [], `${pkg.name}'s tarball holds test files`);
    console.log(
      `${pkg.name}: ${files.length} files, ${(packed.size / 1024).toFixed(0)} KB packed, ` +
        `${(packed.unpackedSize / 1024).toFixed(0)} KB unpacked`,
    );
    // Installed as npm would: the tarball's package/ folder becomes node_modules/<name>.
    const dest = join(project, 'node_modules', pkg.name);
    mkdirSync(dest, { recursive: true });
    execFileSync('tar', [
      '-xzf',
      join(tarballs, packed.filename),
      '-C',
      dest,
      '--strip-components=1',
    ]);
  }
  // Third-party dependencies (and peers from outside @digitnet), as npm would install them.
  for (const pkg of packages) {
    const manifest = JSON.parse(
      readFileSync(join(project, 'node_modules', pkg.name, 'package.json'), 'utf8'),
    );
    const deps = { ...manifest.dependencies, ...manifest.peerDependencies };
    for (const dep of Object.keys(deps)) {
      if (dep.startsWith('@digitnet/')) {
        assert.ok(
          packages.some((p) => p.name === dep),
          `${pkg.name} depends on ${dep}, which is not packed`,
        );
      } else linkDependency(dep);
    }
  }
});

test('ESM: each installed package imports and runs', () => {
  for (const pkg of packages) {
    writeFileSync(join(project, 'esm.mjs'), pkg.esm);
    const out = run(process.execPath, ['esm.mjs'], project).trim().split('\n').at(-1);
    assert.is(out, pkg.esmPrints, pkg.name);
  }
});

test('CommonJS: require() loads the same modules; without require(esm), a clear error', () => {
  for (const pkg of packages) {
    writeFileSync(join(project, 'cjs.cjs'), pkg.cjs);
    const out = run(process.execPath, ['cjs.cjs'], project).trim().split('\n').at(-1);
    assert.is(out, pkg.cjsPrints, pkg.name);
    // Node versions before 20.19 cannot require() ES modules; this flag makes Node behave as they do.
    const old = spawnSync(process.execPath, ['--no-experimental-require-module', 'cjs.cjs'], {
      cwd: project,
      encoding: 'utf8',
    });
    assert.is.not(old.status, 0);
    assert.match(old.stderr, /@digitnet\/\S+ is an ES module and this Node.js/);
    assert.match(old.stderr, 'Node.js 20.19+ or 22.12+');
  }
});

test('TypeScript: the declarations typecheck under node16, nodenext and bundler resolution', () => {
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  linkDependency('@types/node');
  writeFileSync(join(project, 'app.ts'), packages.map((p) => p.ts).join('\n'));
  const settings = [
    { module: 'node16', moduleResolution: 'node16' },
    { module: 'nodenext', moduleResolution: 'nodenext' },
    { module: 'esnext', moduleResolution: 'bundler' },
  ];
  for (const s of settings) {
    // skipLibCheck false: the packages' own .d.ts files are checked too.
    const args = ['--noEmit', '--strict', '--skipLibCheck', 'false', '--target', 'es2022'];
    args.push('--module', s.module, '--moduleResolution', s.moduleResolution);
    args.push('--types', 'node', 'app.ts');
    const r = spawnSync(process.execPath, [tsc, ...args], { cwd: project, encoding: 'utf8' });
    assert.is(r.status, 0, `tsc --module ${s.module}:\n${r.stdout}${r.stderr}`);
  }
});

// A CommonJS TypeScript project (a .cts file, or "module": "commonjs") compiles its imports to
// require(), which the packages' "require" condition serves.
const ctsApp = `
import { listBackends, nn, tensor, type Tensor } from '@digitnet/core';
import { createGpuBackend } from '@digitnet/gpu';
import { WasmBackend } from '@digitnet/wasm';
const y: Tensor = new nn.Linear(2, 3).forward(tensor([[1, 2]]));
console.log(JSON.stringify([listBackends(), y.shape, typeof createGpuBackend, typeof WasmBackend]));
`;

test('TypeScript CommonJS (.cts): nodenext and commonjs compile and run; node16 is a clear error', () => {
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  writeFileSync(join(project, 'app.cts'), ctsApp);
  const compile = (out: string, ...options: string[]) =>
    spawnSync(
      process.execPath,
      [tsc, '--strict', '--skipLibCheck', 'false', '--target', 'es2022', '--types', 'node'].concat(
        options,
        ['--outDir', out, 'app.cts'],
      ),
      { cwd: project, encoding: 'utf8' },
    );
  // nodenext (TypeScript 5.8+) lets CommonJS require() the ES modules, as Node 20.19+ does;
  // "module": "commonjs" resolves the top-level "types". esModuleInterop (tsc --init's default)
  // because core's declarations default-import the CommonJS package ndarray.
  const settings = [
    ['--module', 'nodenext', '--moduleResolution', 'nodenext'],
    ['--module', 'commonjs', '--moduleResolution', 'node10', '--esModuleInterop'],
  ];
  for (const [i, options] of settings.entries()) {
    const r = compile(`cts-${i}`, ...options);
    assert.is(r.status, 0, `tsc ${options.join(' ')}:\n${r.stdout}${r.stderr}`);
    const code = readFileSync(join(project, `cts-${i}`, 'app.cjs'), 'utf8');
    assert.match(code, /require\("@digitnet\/core"\)/);
    const out = run(process.execPath, [join(`cts-${i}`, 'app.cjs')], project).trim();
    assert.is(out.split('\n').at(-1), '[["cpu","gpu","wasm"],[1,3],"function","function"]');
  }
  // node16 predates require(esm): TypeScript refuses, naming the package and what to write instead.
  const old = compile('cts-node16', '--module', 'node16', '--moduleResolution', 'node16');
  assert.is.not(old.status, 0);
  assert.match(old.stdout, /TS1479: .*ECMAScript module .*import\("@digitnet\/core"\)/);
});

test("browser bundle: `import { tensor } from '@digitnet/core'` shakes out what it does not use", async () => {
  const bundle = async (code: string) => {
    const entry = join(project, 'entry.mjs');
    writeFileSync(entry, code);
    const outfile = join(project, 'bundle.mjs');
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      logLevel: 'silent',
    });
    return { outfile, size: statSync(outfile).size };
  };
  const all = await bundle(
    "import * as dn from '@digitnet/core'; console.log(Object.keys(dn).length);",
  );
  const one = await bundle(
    "import { tensor } from '@digitnet/core'; const x = tensor([1, 2, 3]).requiresGrad_();" +
      ' x.mul(x).sum().backward(); console.log(JSON.stringify([...x.grad.dataSync()]));',
  );
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`esbuild --bundle --minify: { tensor } ${kb(one.size)}, everything ${kb(all.size)}`);
  // The shaken bundle still works: Tensor's methods (a side effect of core's ops) survived.
  assert.is(run(process.execPath, [one.outfile], project).trim(), '[2,4,6]');
  assert.ok(one.size < all.size / 2, `{ tensor } bundles to ${kb(one.size)} of ${kb(all.size)}`);
  // The README states the size; it must stay within 15% of what is measured.
  const readme = readFileSync(join(root, 'packages/core/README.md'), 'utf8');
  const stated = readme.match(/bundles to ([\d.]+) KB minified/)?.[1];
  assert.ok(stated, 'packages/core/README.md does not state "bundles to N KB minified"');
  const ratio = (Number(stated) * 1024) / one.size;
  assert.ok(
    ratio > 0.85 && ratio < 1.15,
    `packages/core/README.md says ${stated} KB; measured ${kb(one.size)}: update it`,
  );
});

test("core's README example runs from a browser bundle of the packed package", async () => {
  // A wider check of "sideEffects" than the one above: layers, an optimiser, tidy(), backward().
  const readme = readFileSync(join(project, 'node_modules/@digitnet/core/README.md'), 'utf8');
  const block = readme.split('<!-- package-readme-example')[1]?.match(/```ts\n([\s\S]*?)```/)?.[1];
  assert.ok(
    block,
    'the packed README.md has no ```ts block after the package-readme-example marker',
  );
  const entry = join(project, 'readme.ts');
  writeFileSync(entry, block);
  const outfile = join(project, 'readme.mjs');
  await build({ entryPoints: [entry], outfile, bundle: true, format: 'esm', platform: 'browser' });
  const out = run(process.execPath, [outfile], project);
  const losses = [...out.matchAll(/loss (\d+\.\d+)/g)].map((m) => Number(m[1]));
  assert.is(losses.length, 6, out);
  assert.ok(losses[5] < losses[0] * 0.5, `loss did not fall: ${losses.join(', ')}`);
});

test.after(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

test.run();
