import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from '@digitnet/core';
import sharp from 'sharp';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// The training and evaluation scripts, run as a user runs them, on tiny settings.
const examples = fileURLToPath(new URL('..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'digitnet-train-'));
const tiny = [
  '--epochs',
  '2',
  '--limit',
  '300',
  '--batch-size',
  '50',
  '--factor',
  '4',
  '--out',
  out,
];

function script(name: string, args: string[]) {
  return spawnSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(examples, name), ...args],
    {
      encoding: 'utf8',
      cwd: examples,
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
}

function weights(path: string): Map<string, number[]> {
  const { tensors } = io.decodeSafetensors(readFileSync(path));
  return new Map(Object.entries(tensors).map(([k, t]) => [k, Array.from(t.dataSync())]));
}

test('a tiny run writes every artefact, and they open', async () => {
  const run = script('train-mnist.ts', [...tiny, '--name', 'a']);
  assert.is(run.status, 0, run.stderr);
  assert.match(
    run.stdout,
    /epoch 2\/2: train loss \d+\.\d+, val loss \d+\.\d+, val accuracy \d+\.\d+%/,
  );
  assert.match(run.stdout, /test accuracy \d+\.\d+% \(\d+\/5000\)/);
  const w = weights(join(out, 'a.safetensors'));
  assert.equal([...w.keys()].sort(), [
    'bn1.bias',
    'bn1.num_batches_tracked',
    'bn1.running_mean',
    'bn1.running_var',
    'bn1.weight',
    'bn2.bias',
    'bn2.num_batches_tracked',
    'bn2.running_mean',
    'bn2.running_var',
    'bn2.weight',
    'conv1.bias',
    'conv1.weight',
    'conv2.bias',
    'conv2.weight',
    'fc1.bias',
    'fc1.weight',
    'fc2.bias',
    'fc2.weight',
  ]);
  assert.equal(w.get('bn1.num_batches_tracked'), [12]);
  const card = JSON.parse(readFileSync(join(out, 'a.json'), 'utf8'));
  assert.is(card.metrics.length, 2);
  // The fast path by default, said at the start and in the card, with each epoch's duration.
  assert.match(run.stdout, /, backend wasm \(WebAssembly SIMD kernels, \d+ threads?\)$/m);
  assert.match(card.backend, /^wasm \(WebAssembly SIMD kernels, \d+ threads?\)$/);
  assert.is(card.secondsPerEpoch.length, 2);
  assert.ok(card.secondsPerEpoch.every((s: number) => s > 0));
  assert.is(card.architecture.config.factor, 4);
  assert.is(card.data.validation, 5000);
  assert.ok(card.test.accuracy >= 0 && card.test.accuracy <= 1 && card.test.count === 5000);
  for (const png of ['a-loss.png', 'a-accuracy.png']) {
    const meta = await sharp(join(out, png)).metadata();
    assert.equal([meta.format, meta.width, meta.height], ['png', 640, 400]);
  }
  assert.ok(existsSync(join(out, 'a.checkpoint.safetensors')));
});

test('the same seed gives the same weights bit for bit', () => {
  const run = script('train-mnist.ts', [...tiny, '--name', 'b']);
  assert.is(run.status, 0, run.stderr);
  assert.equal(weights(join(out, 'b.safetensors')), weights(join(out, 'a.safetensors')));
  const other = script('train-mnist.ts', [...tiny, '--name', 'c', '--seed', '7']);
  assert.is(other.status, 0, other.stderr);
  assert.not.equal(
    weights(join(out, 'c.safetensors')).get('fc2.weight'),
    weights(join(out, 'a.safetensors')).get('fc2.weight'),
  );
});

test('a run stopped mid-epoch and resumed ends with exactly the same weights', () => {
  const first = script('train-mnist.ts', [...tiny, '--name', 'd', '--stop-after', '3']);
  assert.is(first.status, 0, first.stderr);
  assert.match(first.stdout, /stopped at epoch 1, batch 3; resume with --resume/);
  assert.not.ok(existsSync(join(out, 'd.safetensors')));
  const second = script('train-mnist.ts', [
    '--resume',
    join(out, 'd.checkpoint.safetensors'),
    '--out',
    out,
  ]);
  assert.is(second.status, 0, second.stderr);
  assert.equal(weights(join(out, 'd.safetensors')), weights(join(out, 'a.safetensors')));
});

test('Ctrl-C saves a checkpoint and exits with 130', async () => {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      join(examples, 'train-mnist.ts'),
      ...tiny,
      '--epochs',
      '50',
      '--name',
      'e',
    ],
    { cwd: examples },
  );
  let stdout = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
    if (stdout.includes('training mnist-cnn')) setTimeout(() => child.kill('SIGINT'), 1500);
  });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.is(code, 130, stdout);
  assert.match(stdout, /stopped at epoch \d+, batch \d+/);
  assert.ok(existsSync(join(out, 'e.checkpoint.safetensors')));
});

test('evaluate prints accuracy, per-class accuracy and a confusion matrix, and writes its PNG', async () => {
  const run = script('evaluate.ts', [
    join(out, 'a.safetensors'),
    '--png',
    join(out, 'a-confusion.png'),
  ]);
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, /accuracy \d+\.\d+% \(\d+\/5000\)/);
  assert.match(run.stdout, /digit {2}accuracy {3}count/);
  assert.match(run.stdout, /confusion matrix \(rows: true digit, columns: predicted\)/);
  const card = JSON.parse(readFileSync(join(out, 'a.json'), 'utf8'));
  assert.match(run.stdout, new RegExp(`\\(${card.test.correct}/5000\\)`));
  assert.is((await sharp(join(out, 'a-confusion.png')).metadata()).format, 'png');
});

test('evaluate --as paper redraws the digits and names the rendering', async () => {
  const run = script('evaluate.ts', [join(out, 'a.safetensors'), '--as', 'paper']);
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, /redrawn as paper: a photo of pencil on paper/);
  assert.match(run.stdout, /accuracy \d+\.\d+% \(\d+\/5000\)/);
  assert.is((await sharp(join(out, 'a-confusion-paper.png')).metadata()).format, 'png');
});

test('bad input is a one-line error and a non-zero exit', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'train-mnist.ts',
      ['--epochs', 'many'],
      /option '--epochs <n>' argument 'many' is invalid. expected an integer >= 1/,
    ],
    [
      'train-mnist.ts',
      ['--backend', 'tpu'],
      /argument 'tpu' is invalid. Allowed choices are wasm, cpu, gpu/,
    ],
    ['train-mnist.ts', ['--data-dir', join(out, 'nowhere'), '--out', out], /not found/],
    ['train-mnist.ts', ['--resume', join(out, 'missing.safetensors')], /missing\.safetensors/],
    ['evaluate.ts', [join(out, 'a-loss.png')], /a-loss\.png: /],
    [
      'evaluate.ts',
      [join(out, 'a.safetensors'), '--as', 'photo'],
      /argument 'photo' is invalid. Allowed choices are mnist, canvas, paper, thin-pen/,
    ],
    [
      'evaluate.ts',
      [join(out, 'a.checkpoint.safetensors')],
      /not an mnist-cnn state dict: 'conv1\.weight' is missing/,
    ],
  ];
  for (const [name, args, message] of cases) {
    const run = script(name, args);
    assert.ok(run.status !== 0, `${name} ${args.join(' ')} exited 0`);
    assert.match(run.stderr, message);
    assert.is(run.stderr.trim().split('\n').length, 1, run.stderr);
  }
});

test.after(() => rmSync(out, { recursive: true, force: true }));

test.run();
