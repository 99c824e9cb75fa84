// Model versions: reload with a path under the models folder, versions named everywhere, stats by
// model, and replicas on one database following each other's reloads (LISTEN/NOTIFY).
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { StatsByModel } from '../src/routes/stats.js';
import { ADMIN_TOKEN, asAdmin, testApp } from './support/app.js';
import { errorOf } from './support/http.js';
import { writeModel } from './support/model.js';
import { dataUrl, drawingPng } from './support/png.js';
import { type TestServer, testServer } from './support/server.js';
import { tempDir } from './support/temp.js';

const t = await testApp();
test.after(() => t.close());

const reload = (body?: unknown, app = t) =>
  app.request('/api/model/reload', {
    method: 'POST',
    headers: asAdmin,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
const version = async (app = t) =>
  ((await (await app.request('/api/model')).json()) as { version: string }).version;

test('reload with a path: loads that file under the models folder; /api/model and predictions name it', async () => {
  await writeModel(t.dir, { name: 'other-cnn', seed: 21 });
  const res = await reload({ path: 'other-cnn.safetensors' });
  const body = (await res.json()) as { version: string; file: string; announced: number | null };
  assert.is(res.status, 200, JSON.stringify(body));
  assert.match(body.version, /^other-cnn@[0-9a-f]{8}$/);
  assert.is(body.file, 'other-cnn.safetensors');
  assert.is(body.announced, null, 'an app without a ModelSync announces nothing');
  assert.is(await version(), body.version);
  const predicted = await t.request('/api/predict', {
    method: 'POST',
    headers: { 'Content-Type': 'image/png' },
    body: new Uint8Array(await drawingPng({ digit: 1 })),
  });
  assert.is(((await predicted.json()) as { modelVersion: string }).modelVersion, body.version);
  // A plain reload goes back to MODEL_PATH.
  const back = (await (await reload()).json()) as { version: string; file: string };
  assert.match(back.version, /^test-cnn@/);
  assert.is(back.file, 'test-cnn.safetensors');
});

test('reload refuses paths that are not model files under the models folder, with 400 JSON', async () => {
  const outside = tempDir('outside');
  await writeModel(outside, { name: 'elsewhere' });
  await mkdir(join(t.dir, 'sub'), { recursive: true });
  await symlink(join(outside, 'elsewhere.safetensors'), join(t.dir, 'sub', 'link.safetensors'));
  const before = await version();
  const cases: [unknown, RegExp][] = [
    [{ path: '../elsewhere.safetensors' }, /outside the models folder/],
    [{ path: join(outside, 'elsewhere.safetensors') }, /outside the models folder/],
    [{ path: 'sub/link.safetensors' }, /links outside the models folder/],
    [{ path: 'test-cnn.json' }, /expected a \.safetensors file/],
    [{ path: 'missing.safetensors' }, /no such file/],
    [{ path: '' }, /path: expected a file name/],
    [{ path: 3 }, /path: /],
    [{ file: 'test-cnn.safetensors' }, /expected no body/],
    ['{not json', /not valid JSON/],
  ];
  for (const [body, message] of cases) {
    assert.match(await errorOf(await reload(body), 400), message, JSON.stringify(body));
  }
  assert.is(await version(), before);
  assert.is((await t.db`select count(*)::int as n from model_versions`)[0].n, 0);
});

test('reload with a path needs the admin token', async () => {
  const res = await t.request('/api/model/reload', {
    method: 'POST',
    body: JSON.stringify({ path: 'test-cnn.safetensors' }),
  });
  await errorOf(res, 401);
});

test('GET /api/stats?by=model: accuracy per version, per digit, from the stored rows', async () => {
  const submit = async (digit: number, label: number) => {
    const res = await t.request('/api/submissions', {
      json: { drawing: dataUrl(await drawingPng({ digit })), label },
    });
    assert.is(res.status, 201);
  };
  await reload();
  const first = await version();
  await submit(7, 7);
  await submit(1, 1);
  await submit(4, 9);
  await writeModel(t.dir, { name: 'other-cnn', seed: 33 });
  const second = (
    (await (await reload({ path: 'other-cnn.safetensors' })).json()) as {
      version: string;
    }
  ).version;
  await submit(0, 0);
  await submit(7, 7);
  const res = await t.request('/api/stats?by=model');
  assert.is(res.status, 200);
  const s = (await res.json()) as StatsByModel;
  assert.is(s.by, 'model');
  // The oracle: the stored rows, counted here.
  const rows = await t.db<{ v: string; label: number; prediction: number }[]>`
    select model_version as v, label, prediction from submissions`;
  for (const v of [first, second]) {
    const mine = rows.filter((r) => r.v === v);
    const m = s.models.find((x) => x.modelVersion === v);
    assert.ok(m, `no stats for ${v}`);
    assert.is(m.count, mine.length);
    assert.is(m.correct, mine.filter((r) => r.label === r.prediction).length);
    assert.is(m.accuracy, m.correct / m.count);
    for (let d = 0; d < 10; d++) {
      const drawn = mine.filter((r) => r.label === d);
      assert.is(m.counts[d], drawn.length);
      assert.is(
        m.accuracyByDigit[d],
        drawn.length ? drawn.filter((r) => r.prediction === d).length / drawn.length : null,
      );
    }
  }
  assert.is(s.models[0].modelVersion, second, 'most recently used first');
  assert.is(s.models.find((x) => x.modelVersion === first)?.count, 3);
  assert.match(await errorOf(await t.request('/api/stats?by=digit'), 400), /by must be "model"/);
  // Without ?by the answer is the overall one, as before.
  assert.is(((await (await t.request('/api/stats')).json()) as { total: number }).total, 5);
});

const servers: TestServer[] = [];
test.after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const served = async (s: TestServer) =>
  ((await (await s.fetch('/api/model')).json()) as { version: string }).version;
const until = async (what: string, check: () => Promise<boolean>, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
const adminPost = (s: TestServer, path: string, body: unknown) =>
  s.fetch(path, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

test('replicas on one database: a reload on one reaches the other; a later one starts on it', async () => {
  const a = await testServer();
  servers.push(a);
  const b = await testServer({ databaseUrl: a.config.databaseUrl });
  servers.push(b);
  assert.is(await served(b), await served(a));
  // The same new file in both models folders (as in a shared volume or image).
  for (const s of [a, b]) await writeModel(s.dir, { name: 'next-cnn', seed: 5 });
  const res = await adminPost(a, '/api/model/reload', { path: 'next-cnn.safetensors' });
  const body = (await res.json()) as { version: string; announced: number };
  assert.is(res.status, 200, JSON.stringify(body));
  assert.type(body.announced, 'number');
  await until(`b to serve ${body.version}`, async () => (await served(b)) === body.version);
  assert.ok(b.lines.some((l) => l.includes(`following announced model version ${body.version}`)));

  // A replica whose file has other bytes under that name refuses it and keeps serving.
  await writeModel(a.dir, { name: 'third-cnn', seed: 6 });
  await writeModel(b.dir, { name: 'third-cnn', seed: 7 });
  const third = (await (
    await adminPost(a, '/api/model/reload', { path: 'third-cnn.safetensors' })
  ).json()) as {
    version: string;
  };
  await until('b to refuse the file', async () =>
    b.lines.some((l) => /could not load the announced model version third-cnn@/.test(l)),
  );
  assert.match(b.lines.find((l) => l.includes('third-cnn@')) ?? '', /expected the announced/);
  assert.is(await served(b), body.version);
  assert.is(await served(a), third.version);

  // A server started later loads the newest announced version, not its MODEL_PATH.
  const c = await testServer({ databaseUrl: a.config.databaseUrl });
  servers.push(c);
  assert.match(await served(c), /^test-cnn@/, 'no third-cnn in its folder: MODEL_PATH');
  assert.ok(c.lines.some((l) => /could not load the announced model version third-cnn@/.test(l)));
  await writeModel(c.dir, { name: 'third-cnn', seed: 6 });
  const d = await testServer({
    databaseUrl: a.config.databaseUrl,
    modelPath: join(c.dir, 'test-cnn.safetensors'),
  });
  servers.push(d);
  assert.is(await served(d), third.version);
});

test.run();
