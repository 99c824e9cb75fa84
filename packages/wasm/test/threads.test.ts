// Threads: every kernel a pool splits gives the same bits on 1, 2 and 3 threads (each thread owns
// whole outputs, no sum is ever split), on fresh random inputs each run (the seed is printed on
// failure); the thread count comes from the option, setDefaultThreads and DIGITNET_THREADS.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters as plain } from 'node:util';
import {
  type Conv2DOptions,
  conv2dInfo,
  Generator,
  pool2dInfo,
  type Tensor,
  tensor,
} from '@digitnet/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createWasmBackend,
  defaultThreads,
  setDefaultThreads,
  threadsUnavailableReason,
  type WasmBackend,
} from '../src/index.js';

const SEED = (Date.now() ^ (process.pid << 8)) >>> 0;
const gen = new Generator(SEED);
const randoms = (shape: number[]): Tensor => {
  const size = shape.reduce((a, d) => a * d, 1);
  return tensor(
    Float32Array.from({ length: size }, () => gen.uniform(-1, 1)),
    shape,
  );
};

// minWorkPerThread 1: every kernel that can split does, however small.
const backends: WasmBackend[] = [1, 2, 3].map((threads) =>
  createWasmBackend(`wasm-threads-test-${threads}`, { threads, minWorkPerThread: 1 }),
);

/** Runs `run` on each backend and asserts the outputs' bits are equal; returns the splits seen. */
function sameBits(what: string, run: (b: WasmBackend) => Float32Array[]): void {
  const before = backends.map((b) => b.parallelRuns);
  const outs = backends.map(run);
  const ref = outs[0];
  for (let i = 1; i < outs.length; i++) {
    assert.ok(
      backends[i].parallelRuns > before[i],
      `${what}: ran on one thread on ${backends[i].name}`,
    );
    for (let o = 0; o < ref.length; o++) {
      const want = new Uint32Array(ref[o].buffer, ref[o].byteOffset, ref[o].length);
      const got = new Uint32Array(outs[i][o].buffer, outs[i][o].byteOffset, outs[i][o].length);
      assert.is(got.length, want.length, `${what}: output ${o} length`);
      const at = got.findIndex((v, j) => v !== want[j]);
      if (at >= 0) {
        assert.unreachable(
          `${what}: output ${o} differs at ${at} on ${i + 1} threads: ${outs[i][o][at]} vs ${ref[o][at]} (seed ${SEED})`,
        );
      }
    }
  }
}

test('threads run here (Node has SharedArrayBuffer and worker_threads)', () => {
  assert.is(threadsUnavailableReason(), null);
  assert.equal(
    backends.map((b) => b.threads),
    [1, 2, 3],
  );
});

const convCases: { x: number[]; w: number[]; opts: Conv2DOptions }[] = [
  { x: [5, 16, 14, 14], w: [32, 16, 3, 3], opts: { padding: 'same' } },
  { x: [4, 1, 28, 28], w: [16, 1, 3, 3], opts: { padding: 'same' } },
  {
    x: [3, 5, 11, 9],
    w: [7, 5, 4, 2],
    opts: { stride: [2, 3], padding: [1, 2], dilation: [2, 1] },
  },
  { x: [2, 19, 5, 7], w: [9, 19, 1, 1], opts: {} },
];
for (const { x: xs, w: ws, opts } of convCases) {
  const label = `x ${xs.join('x')}, w ${ws.join('x')}, ${JSON.stringify(opts)}`;
  test(`Conv2D and both gradients, same bits on 1, 2, 3 threads: ${label}`, () => {
    const c = conv2dInfo(xs, ws, opts);
    const x = randoms(xs);
    const w = randoms(ws);
    const bias = randoms([ws[0]]);
    const dy = randoms([c.batch, c.outChannels, c.outHeight, c.outWidth]);
    sameBits(`Conv2D ${label}`, (b) => [
      b.floats(b.kernels.Conv2D(b, { x, w, bias }, { conv: c })),
    ]);
    sameBits(`Conv2DBackpropInput ${label}`, (b) => [
      b.floats(b.kernels.Conv2DBackpropInput(b, { dy, w }, { conv: c })),
    ]);
    if (c.inChannels * c.kernelHeight * c.kernelWidth > 8) {
      sameBits(`Conv2DBackpropFilter ${label}`, (b) => [
        b.floats(b.kernels.Conv2DBackpropFilter(b, { x, dy }, { conv: c })),
      ]);
    }
  });
}

const matCases: [number, number, number, boolean, boolean][] = [
  [37, 300, 61, false, false],
  [300, 10, 128, true, false],
  [13, 29, 600, false, true],
  [100, 100, 100, true, true],
];
for (const [m, n, k, ta, tb] of matCases) {
  test(`MatMul ${m}x${k}·${k}x${n}${ta ? ' Aᵀ' : ''}${tb ? ' Bᵀ' : ''}: same bits on 1, 2, 3 threads`, () => {
    const a = randoms(ta ? [2, k, m] : [2, m, k]);
    const bm = randoms(tb ? [2, n, k] : [2, k, n]);
    sameBits(`MatMul ${m}, ${n}, ${k}`, (b) => [
      b.floats(b.kernels.MatMul(b, { a, b: bm }, { transposeA: ta, transposeB: tb })),
    ]);
  });
}

test('elementwise Binary and Unary, max pooling and its gradient: same bits on 1, 2, 3 threads', () => {
  const x = randoms([6, 7, 9, 9]);
  const other = randoms([6, 7, 9, 9]);
  const perChannel = randoms([1, 7, 1, 1]);
  const perRow = randoms([9]);
  const outShape = x.shape;
  for (const op of ['add', 'sub', 'mul', 'div'] as const) {
    for (const [name, b2] of [
      ['same', other],
      ['row scalar', perChannel],
      ['row vector', perRow],
    ] as const) {
      sameBits(`Binary ${op} ${name}`, (b) => [
        b.floats(b.kernels.Binary(b, { a: x, b: b2 }, { op, outShape })),
      ]);
    }
  }
  for (const op of ['relu', 'step'] as const) {
    sameBits(`Unary ${op}`, (b) => [b.floats(b.kernels.Unary(b, { x }, { op, alpha: 0 }))]);
  }
  for (const opts of [{ kernelSize: 2 }, { kernelSize: 3, stride: 2, padding: 1 }]) {
    const pool = pool2dInfo('maxPool2d', x.shape, opts);
    const dy = randoms([pool.batch, pool.channels, pool.outHeight, pool.outWidth]);
    sameBits(`MaxPool2D and its gradient ${JSON.stringify(opts)}`, (b) => {
      const [y, indices] = b.kernels.MaxPool2D(b, { x }, { pool });
      const dx = b.kernels.MaxPool2DBackprop(b, { dy, indices }, { pool });
      return [
        b.floats(y),
        new Float32Array(
          b.data(indices).buffer,
          b.data(indices).byteOffset,
          b.data(indices).length,
        ),
        b.floats(dx),
      ];
    });
  }
});

test('BatchNormTrain and its gradient: same bits on 1, 2, 3 threads', () => {
  const x = randoms([6, 7, 9, 9]);
  const weight = randoms([7]);
  const bias = randoms([7]);
  const dy = randoms([6, 7, 9, 9]);
  let stats: Tensor[] = [];
  sameBits('BatchNormTrain', (b) => {
    const outs = b.kernels.BatchNormTrain!(b, { x, weight, bias }, { eps: 1e-5 });
    stats = outs.map((info) => info as unknown as Tensor);
    return outs.map((o) => b.floats(o));
  });
  const [, mean, variance] = stats;
  sameBits('BatchNormTrainGrad', (b) =>
    b.kernels.BatchNormTrainGrad!(b, { dy, x, mean, variance, weight }, { eps: 1e-5 }).map((o) =>
      b.floats(o),
    ),
  );
});

test('setThreads restarts a backend on another count; stopThreads leaves one thread', () => {
  const b = createWasmBackend('wasm-threads-resize', { threads: 2, minWorkPerThread: 1 });
  assert.is(b.threads, 2);
  b.setThreads(4);
  assert.is(b.threads, 4);
  b.stopThreads();
  assert.is(b.threads, 1);
  assert.throws(
    () => b.setThreads(0),
    /setThreads wants a whole number of threads from 1 to 256, got 0/,
  );
});

test('the default thread count: setDefaultThreads, else DIGITNET_THREADS, else the cores', () => {
  setDefaultThreads(3);
  assert.is(defaultThreads(), 3);
  assert.is(createWasmBackend('wasm-threads-default', { minWorkPerThread: 1 }).threads, 3);
  setDefaultThreads(null);
  assert.throws(() => setDefaultThreads(1.5), /got 1.5/);
  const probe = `import { defaultThreads } from './src/index.js'; console.log(defaultThreads());`;
  const run = (env: Record<string, string>) =>
    spawnSync(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', probe],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        env: { ...process.env, ...env },
        encoding: 'utf8',
      },
    );
  const five = run({ DIGITNET_THREADS: '5' });
  assert.is(plain(five.stdout).trim(), '5', five.stderr);
  const bad = run({ DIGITNET_THREADS: 'many' });
  assert.match(
    plain(bad.stderr),
    /DIGITNET_THREADS wants a whole number of threads from 1 to 256, got NaN/,
  );
});

test.after(() => {
  for (const b of backends) b.stopThreads();
});

test.run();
