// The bench's machinery on tiny sizes: the composed wasm kernel, FLOP counts, Adam for convnetjs,
// every library's kernel/train/infer path, the child-process protocol and the report writers.
// No timed assertions: only counts, identities and shapes of the output.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conv2dFlops, conv2dInfo, matmulFlops, models } from '@digitnet/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mnistBatches } from '../src/data.js';
import { unavailableGpuLibs } from '../src/gpu.js';
import { KERNEL_CASES, type KernelCase, kernelCase } from '../src/kernel-cases.js';
import { ArrayAdam } from '../src/libs/array-adam.js';
import { type Library, loadLibrary } from '../src/libs/library.js';
import { checkComposedBackpropFilter } from '../src/libs/wasm-check.js';
import { buildPlan } from '../src/plan.js';
import { trainingChartSvg, writePng } from '../src/report/chart.js';
import { resultsMarkdown } from '../src/report/markdown.js';
import { type BenchResult, collect } from '../src/report/result.js';
import { targetLines } from '../src/report/summary.js';
import { buildRows, formatTable, markdownTable, tableCells } from '../src/report/table.js';
import { runChild } from '../src/spawn.js';
import { median, percentile, timeRuns } from '../src/timing.js';
import { unavailableTorchLibs } from '../src/torch.js';
import { LIBS, type LibId } from '../src/types.js';

const ONCE = { warmup: 1, target: 2, min: 1, budgetMs: 1e9 };

// First: it also proves the kernel is missing, which holds only before anything registers it.
test('the composed Conv2DBackpropFilter matches tfjs-cpu within 1e-4 and is needed', async () => {
  const { check, notes } = await checkComposedBackpropFilter();
  assert.ok(check.pass, JSON.stringify(check.cases));
  for (const c of check.cases) assert.ok(c.maxAbsDiff <= 1e-4 * Math.max(1, c.maxAbs));
  assert.ok(notes.some((n) => n.includes("Kernel 'Conv2DBackpropFilter' not registered")));
  assert.ok(notes.some((n) => n.includes('single thread')));
});

test('kernel FLOP counts are core’s, and the hand-counted ones', () => {
  const conv2 = kernelCase('conv2.backpropFilter');
  assert.is(conv2.kind, 'conv');
  if (conv2.kind !== 'conv') return;
  assert.is(conv2.flops, conv2dFlops(conv2dInfo(conv2.x, conv2.w, { padding: 'same' })));
  assert.is(conv2.flops, 2 * 100 * 64 * 14 * 14 * 32 * 3 * 3);
  assert.is(kernelCase('conv1.forward').kind, 'conv');
  assert.is((kernelCase('matmul.512') as { flops: number }).flops, matmulFlops(512, 512, 512));
  assert.is(KERNEL_CASES.filter((c) => c.kind === 'matmul').length, 4);
  assert.throws(() => kernelCase('conv3.forward'), /unknown kernel case 'conv3.forward'/);
});

test('median, percentile and repetition counts', () => {
  assert.is(median([3, 1, 2]), 2);
  assert.is(median([4, 1, 3, 2]), 2.5);
  assert.is(percentile([5, 1, 4, 2, 3], 99), 5);
  assert.is(percentile([5, 1, 4, 2, 3], 50), 3);
  let calls = 0;
  const t = timeRuns(() => calls++, { warmup: 2, target: 5, min: 1, budgetMs: 1e9 });
  assert.is(t.ms.length, 5);
  assert.is(t.warmup, 2);
  assert.is(calls, 7);
});

test('ArrayAdam takes PyTorch’s Adam steps on the batch-mean gradient, and zeroes gradients', () => {
  const params = new Float64Array([1, -2]);
  const grads = new Float64Array([0.4, -0.2]); // summed over a batch of 2
  const adam = new ArrayAdam([{ params, grads }], { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
  const want = [1, -2];
  const m = [0, 0];
  const v = [0, 0];
  for (let t = 1; t <= 2; t++) {
    const g = [0.2, -0.1].map((x) => x * t); // the mean gradient this step
    grads.set(g.map((x) => x * 2));
    adam.step(2);
    for (let j = 0; j < 2; j++) {
      m[j] = 0.9 * m[j] + 0.1 * g[j];
      v[j] = 0.999 * v[j] + 0.001 * g[j] ** 2;
      const mHat = m[j] / (1 - 0.9 ** t);
      const vHat = v[j] / (1 - 0.999 ** t);
      want[j] -= (0.1 * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
    for (let j = 0; j < 2; j++) assert.ok(Math.abs(params[j] - want[j]) < 1e-12);
    assert.equal([...grads], [0, 0]);
  }
});

const tiny: KernelCase[] = [
  { id: 'matmul.8', label: 'matmul 8', kind: 'matmul', n: 8, flops: matmulFlops(8, 8, 8) },
  ...(['forward', 'backpropInput', 'backpropFilter'] as const).map((which) => ({
    id: `tiny.${which}`,
    label: which,
    kind: 'conv' as const,
    which,
    x: [2, 3, 6, 6],
    w: [4, 3, 3, 3],
    flops: conv2dFlops(conv2dInfo([2, 3, 6, 6], [4, 3, 3, 3], { padding: 'same' })),
  })),
  { id: 'pool', label: 'pool', kind: 'maxpool', backward: false, x: [2, 3, 4, 4], bytes: 4 * 120 },
  { id: 'poolb', label: 'poolb', kind: 'maxpool', backward: true, x: [2, 3, 4, 4], bytes: 4 * 120 },
  { id: 'bn', label: 'bn', kind: 'batchnorm', backward: false, x: [2, 3, 4, 4], bytes: 4 * 192 },
];

/** Kernels, two training steps and inference at tiny sizes, checking only counts and identities. */
async function tinyRun(lib: Library): Promise<void> {
  assert.ok(lib.notes.length > 0);
  if (lib.kernels) {
    const results = await lib.kernels(tiny, ONCE);
    assert.is(results.length, tiny.length);
    for (const r of results) {
      assert.is(r.reps, 2);
      assert.ok(Number.isFinite(r.gflops ?? r.gbps));
    }
  }
  const batches = await mnistBatches(2, 4);
  const train = await lib.train(2, batches, ONCE);
  assert.is(train.steps, 2);
  assert.ok(Number.isFinite(train.firstLoss) && train.firstLoss > 0);
  // GFLOP/s is core's model FLOP count over the median step time, for every library.
  const flops = models.mnistCnnFlops({ factor: 2 }, 4).trainStep;
  assert.ok(Math.abs(train.gflops * train.msPerStepMedian * 1e6 - flops) < 1e-6 * flops);
  const infer = await lib.infer(2, batches.slice(0, 1), ONCE, { ...ONCE, target: 3 });
  assert.is(infer.batch, 4);
  assert.is(infer.latencyReps, 3);
  assert.ok(infer.latencyP99Ms >= infer.latencyMedianMs);
}

const unavailable: Partial<Record<LibId, string>> = {
  ...unavailableGpuLibs(),
  ...unavailableTorchLibs(),
};
for (const id of LIBS) {
  const reason = unavailable[id];
  if (reason) {
    // headlessgl without a display, webgl2 without Chromium; CI has both (xvfb-run, apt chromium).
    console.log(`SKIP ${id}: ${reason}`);
    continue;
  }
  test(`${id}: kernels, a training step and inference run on tiny sizes`, async () => {
    const lib = await loadLibrary(id);
    try {
      await tinyRun(lib);
    } finally {
      await lib.close?.();
    }
  });
}

test('a child process runs a task and reports its peak memory', () => {
  const r = runChild({ kind: 'baseline' });
  assert.ok(r.ok, r.output);
  assert.ok(r.maxRssMiB > 10);
});

test('plans: --quick skips the slow tfjs-cpu work and says so; the full run has F = 32 and 16', () => {
  const all = { profile: true, sections: ['kernels', 'train', 'infer'] as const, libs: LIBS };
  const quick = buildPlan({ ...all, quick: true });
  assert.is(quick.tasks[0].task.kind, 'check');
  assert.not.ok(quick.tasks.some((t) => t.task.kind === 'train' && t.task.lib === 'tfjs-cpu'));
  assert.ok(quick.skipped.some((s) => s.what === 'tfjs-cpu training F=16'));
  const full = buildPlan({ ...all, quick: false });
  const trains = full.tasks.filter((t) => t.task.kind === 'train').map((t) => t.label);
  assert.is(trains.length, 2 * LIBS.length);
  assert.ok(trains.includes('train tfjs-cpu F=32'));
  assert.ok(trains.includes('train digitnet-gpu-webasm F=16'));
  assert.is(full.tasks.at(-1)?.task.kind, 'profile');
});

test('plans: a library that cannot run here is left out, with the reason', () => {
  const plan = buildPlan({
    quick: false,
    profile: false,
    sections: ['kernels', 'train', 'infer'],
    libs: LIBS,
    unavailable: { 'digitnet-gpu-headlessgl': 'no display' },
  });
  assert.not.ok(
    plan.tasks.some((t) => 'lib' in t.task && t.task.lib === 'digitnet-gpu-headlessgl'),
  );
  assert.ok(plan.tasks.some((t) => t.label === 'kernels digitnet-gpu-webasm'));
  assert.equal(
    plan.skipped.find((s) => s.what === 'digitnet-gpu-headlessgl'),
    { what: 'digitnet-gpu-headlessgl', reason: 'no display' },
  );
});

function fakeResult(): BenchResult {
  const train = (lib: (typeof LIBS)[number], samplesPerSec: number) => ({
    task: { kind: 'train' as const, lib, factor: 32, batch: 100, budget: ONCE },
    ok: true,
    notes: [`${lib} note`],
    maxRssMiB: 200,
    wallMs: 1,
    train: {
      lib,
      factor: 32,
      batch: 100,
      msPerStepMedian: 100_000 / samplesPerSec,
      samplesPerSec,
      gflops: 1,
      warmup: 2,
      steps: 20,
      firstLoss: 2.3,
      lastLoss: 2.1,
    },
  });
  const machine = {
    cpu: 'Test CPU',
    cores: 2,
    memoryGiB: 24,
    platform: 'Linux',
    node: 'v20',
    loadAverage: [0, 0, 0],
  };
  return collect(
    [
      train('digitnet-wasm', 600),
      train('digitnet-cpu', 300),
      train('digitnet-gpu-webasm', 150),
      train('tfjs-wasm', 100),
      train('tfjs-cpu', 10),
      train('convnetjs', 30),
      train('pytorch-1t', 400),
      {
        task: { kind: 'kernels', lib: 'digitnet-cpu', cases: ['conv2.forward'], budget: ONCE },
        ok: true,
        notes: [],
        maxRssMiB: 150,
        wallMs: 1,
        kernels: [
          { lib: 'digitnet-cpu', case: 'conv2.forward', msMedian: 200, reps: 10, gflops: 3.6 },
        ],
      },
      {
        task: { kind: 'kernels', lib: 'tfjs-wasm', cases: ['conv2.forward'], budget: ONCE },
        ok: true,
        notes: [],
        maxRssMiB: 150,
        wallMs: 1,
        kernels: [{ lib: 'tfjs-wasm', case: 'conv2.forward', msMedian: 40, reps: 10, gflops: 18 }],
      },
    ],
    {
      meta: {
        date: '2025-01-01T00:00:00.000Z',
        command: 'npm run bench',
        quick: false,
        full: true,
        machine,
        versions: { '@digitnet/core': '0.1.0' },
        wallSeconds: 60,
      },
      skipped: [{ what: 'convnetjs kernels', reason: 'no batched kernels to call' }],
    },
  );
}

test('the report: one table with the expected rows, ratios, targets and RESULTS.md', () => {
  const result = fakeResult();
  const rows = buildRows(result);
  assert.equal(
    rows.map((r) => r.metric),
    ['conv2 forward', 'train F=32 batch 100', 'train F=32 model FLOPs', 'peak RSS train F=32'],
  );
  const cells = tableCells(result);
  assert.equal(cells[0], [
    'metric',
    'unit',
    'digitnet-wasm',
    'digitnet-cpu',
    'digitnet-gpu-webasm',
    'tfjs-wasm',
    'tfjs-cpu',
    'convnetjs',
    'pytorch-1t',
    'vs tfjs-wasm',
    'vs tfjs-cpu',
    'vs convnetjs',
    'vs pytorch-1t',
  ]);
  // Ratios compare digitnet wasm (cpu where wasm was not measured) with the peers only; the other
  // digitnet backends are columns, not peers.
  assert.equal(cells[2].slice(2), [
    '600',
    '300',
    '150',
    '100',
    '10',
    '30',
    '400',
    '6×',
    '60×',
    '20×',
    '1.5×',
  ]);
  assert.equal(cells[1].slice(2), ['—', '3.6', '—', '18', '—', '—', '—', '0.2×', '—', '—', '—']);
  const text = formatTable(cells);
  assert.is(text.split('\n').length, rows.length + 2);
  assert.equal(targetLines(result), [
    'digitnet cpu trains F=32 at ≥ 2× tfjs-wasm: 3.00× — met',
    'digitnet cpu trains F=32 at ≥ 20× tfjs-cpu: 30.00× — met',
    'digitnet wasm-1t trains F=32 at ≥ 1× pytorch-1t: not measured in this run',
    'digitnet wasm-1t trains F=16 at ≥ 1× pytorch-1t: not measured in this run',
    'digitnet wasm trains F=32 at ≥ 1× pytorch-2t: not measured in this run',
    'digitnet wasm trains F=16 at ≥ 1× pytorch-2t: not measured in this run',
    'digitnet wasm infers F=32 batch 100 at ≥ 1× tfjs-wasm: not measured in this run',
    'digitnet wasm infers F=16 batch 100 at ≥ 1× tfjs-wasm: not measured in this run',
    "digitnet wasm batch-1 latency F=16 ≤ pytorch-1t's: not measured in this run",
    "digitnet wasm batch-1 latency F=16 ≤ tfjs-wasm's: not measured in this run",
  ]);
  const md = resultsMarkdown(result, 'chart.png');
  assert.ok(md.includes(markdownTable(cells)));
  assert.ok(md.includes('Test CPU, 2 cores'));
  assert.not.ok(md.includes('A subset'));
  const subset = resultsMarkdown({ ...result, meta: { ...result.meta, full: false } }, 'chart.png');
  assert.ok(subset.includes('- A subset: only the sections and libraries the command names'));
  assert.ok(md.includes('![Training samples/s per library, grouped by F](chart.png)'));
  assert.ok(md.includes('skipped convnetjs kernels: no batched kernels to call'));
});

test('the chart: one bar per library, rendered to PNG by sharp', async () => {
  const svg = trainingChartSvg(fakeResult());
  assert.is(svg.match(/<rect x=[^>]*fill="#/g)?.length, 7 + 7); // 7 bars + 7 legend swatches
  const dir = mkdtempSync(join(tmpdir(), 'bench-test-'));
  try {
    await writePng(svg, join(dir, 'c.png'));
    const png = readFileSync(join(dir, 'c.png'));
    assert.equal([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
