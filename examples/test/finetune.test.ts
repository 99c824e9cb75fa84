// The loop end to end, with real processes on a real database: drawings that differ from MNIST are
// submitted through the API of one server, a short fine-tune raises held-out accuracy and writes a
// new version, a reload on one server reaches the other, and a fine-tune that would lose MNIST
// accuracy writes nothing.
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMnist } from '@digitnet/core/node';
import { EmbeddedDatabase } from '@digitnet/server';
import sharp from 'sharp';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canvasStyle } from './support/distorted.js';
import { runScript, type ServerProcess, startServerProcess, tempDir } from './support/processes.js';

const ADMIN_TOKEN = 'finetune-test-admin-token-0123';
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' };
const bundled = fileURLToPath(new URL('../../models/', import.meta.url));

const root = tempDir('loop');
const models = join(root, 'models');
await mkdir(models);
for (const f of ['mnist-cnn-f16.safetensors', 'mnist-cnn-f16.json']) {
  await copyFile(join(bundled, f), join(models, f));
}
const env = {
  DATA_DIR: join(root, 'data'),
  MODEL_PATH: join(models, 'mnist-cnn-f16.safetensors'),
  ADMIN_TOKEN,
  WRITE_RATE_LIMIT: '0',
  LOG_LEVEL: 'info',
  UI_DIR: join(root, 'no-ui'),
};
const servers: ServerProcess[] = [];
test.after(async () => {
  for (const s of servers) await s.stop();
});

const version = async (s: ServerProcess) =>
  ((await (await s.fetch('/api/model')).json()) as { version: string }).version;

/** A 280x280 PNG of a 28x28 image, as a canvas sends it. */
const png = (pixels: Uint8Array) =>
  sharp(Buffer.from(pixels), { raw: { width: 28, height: 28, channels: 1 } })
    .resize(280, 280, { kernel: 'linear' })
    .png()
    .toBuffer();

// Server a runs the embedded PostgreSQL under DATA_DIR (as `npm start` does); server b is a
// replica on the same database through DATABASE_URL.
const started = Date.now();
const a = await startServerProcess(env);
servers.push(a);
const databaseUrl = await EmbeddedDatabase.runningUrl(join(env.DATA_DIR, 'postgres'));
if (!databaseUrl) throw new Error(`server a runs no embedded PostgreSQL:\n${a.output()}`);
const b = await startServerProcess({
  ...env,
  DATA_DIR: join(root, 'data-b'),
  DATABASE_URL: databaseUrl,
});
servers.push(b);
console.log(`  two servers started in ${((Date.now() - started) / 1000).toFixed(1)} s`);

let submitted = 0;
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
test.before.each(() => console.log(`  [${elapsed()}]`));

test('drawings that differ from MNIST, submitted through the API, are stored', async () => {
  // MNIST *training* digits in four canvas styles: the MNIST test split judges the fine-tune, so
  // none of its images may be trained on.
  const train = await loadMnist({ split: 'train' });
  const perDigit = Number(process.env.FINETUNE_TEST_PER_DIGIT ?? 30);
  const taken = new Array<number>(10).fill(0);
  let sent = 0;
  for (let i = 0; i < train.count && sent < perDigit * 10; i++) {
    const label = train.labels[i];
    if (taken[label] >= perDigit) continue;
    const drawing = canvasStyle(train.images.subarray(i * 784, (i + 1) * 784), taken[label]++);
    const body = JSON.stringify({
      drawing: `data:image/png;base64,${(await png(drawing)).toString('base64')}`,
      label,
    });
    // Users reach either replica.
    const res = await (sent % 2 ? b : a).fetch('/api/submissions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    assert.is(res.status, 201, await res.text());
    sent++;
  }
  const stats = (await (await a.fetch('/api/stats')).json()) as { total: number; accuracy: number };
  assert.is(stats.total, perDigit * 10);
  submitted = stats.total;
  console.log(
    `  the served model reads ${(stats.accuracy * 100).toFixed(1)}% of the drawings right`,
  );
});

test('a short fine-tune raises held-out accuracy, writes a version, and both servers serve it without a restart', async () => {
  const parent = await version(a);
  const run = await runScript(
    'finetune.ts',
    // The defaults (2 epochs, lr 1e-4, 4 MNIST images per drawing), with more drawings held out.
    ['--held-out', '0.3', '--out', join(models, 'ft.safetensors')],
    // No DATABASE_URL: the embedded database server a runs, found from DATA_DIR.
    { DATA_DIR: env.DATA_DIR, MODEL_PATH: env.MODEL_PATH },
  );
  assert.is(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const before = /before: held-out (\d+\.\d+)%/.exec(run.stdout);
  const after = /after: +held-out (\d+\.\d+)%/.exec(run.stdout);
  assert.ok(before && after, run.stdout);
  console.log(`  held-out drawings: ${before[1]}% → ${after[1]}%`);
  assert.ok(Number(after[1]) > Number(before[1]), run.stdout);

  const card = JSON.parse(await readFile(join(models, 'ft.json'), 'utf8'));
  assert.is(card.parent.version, parent);
  assert.is(card.submissions.count, submitted);
  assert.is(card.submissions.heldOut + card.submissions.train, submitted);
  assert.is(card.mnistTest.after.count, 10_000);
  assert.ok(card.heldOut.after.accuracy > card.heldOut.before.accuracy);
  assert.ok(card.mnistTest.before.correct - card.mnistTest.after.correct <= 10);

  const res = await a.fetch('/api/model/reload', {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ path: 'ft.safetensors' }),
  });
  const reloaded = (await res.json()) as { version: string; previousVersion: string };
  assert.is(res.status, 200, JSON.stringify(reloaded));
  assert.match(reloaded.version, /^ft@[0-9a-f]{8}$/);
  assert.is(reloaded.previousVersion, parent);
  assert.is(await version(a), reloaded.version);
  // The other process hears of it through the database and loads the same file.
  const deadline = Date.now() + 15_000;
  while ((await version(b)) !== reloaded.version) {
    if (Date.now() > deadline)
      assert.unreachable(`b still serves ${await version(b)}:\n${b.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const info = (await (await b.fetch('/api/model')).json()) as {
    parent: string;
    testAccuracy: number;
  };
  assert.is(info.parent, parent);
  assert.is(info.testAccuracy, card.test.accuracy);
});

test('a fine-tune that would lose MNIST accuracy (a huge learning rate) writes nothing', async () => {
  const before = await readdir(models);
  const run = await runScript(
    'finetune.ts',
    [
      '--epochs',
      '1',
      '--held-out',
      '0.3',
      '--lr',
      '0.05',
      '--out',
      join(models, 'bad.safetensors'),
    ],
    { DATABASE_URL: databaseUrl, MODEL_PATH: env.MODEL_PATH },
  );
  assert.is(run.status, 3, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /refused: .*MNIST test accuracy fell by \d+\.\d+ points/);
  assert.match(run.stdout, /Nothing was written/);
  assert.equal((await readdir(models)).sort(), before.sort());
});

test('the export trains anywhere MNIST does: npm run train -- --extra <untarred export>', async () => {
  const res = await b.fetch('/api/submissions/export', { headers: admin });
  assert.is(res.status, 200);
  const dir = join(root, 'export');
  await mkdir(dir);
  await writeFile(join(dir, 'export.tar'), new Uint8Array(await res.arrayBuffer()));
  const untar = spawnSync('tar', ['-xf', 'export.tar'], { cwd: dir, encoding: 'utf8' });
  assert.is(untar.status, 0, untar.stderr);
  const out = join(root, 'trained');
  const run = await runScript('train-mnist.ts', [
    ...['--epochs', '1', '--limit', '100', '--factor', '4', '--name', 'extra'],
    ...['--extra', dir, '--out', out],
  ]);
  assert.is(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, new RegExp(`mixing in ${submitted} images from`));
  const card = JSON.parse(await readFile(join(out, 'extra.json'), 'utf8'));
  assert.is(card.data.extra.count, submitted);
  assert.is(card.data.train, 100 + submitted);
});

test.run();
