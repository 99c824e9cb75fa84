import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { io, models } from '@digitnet/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { asAdmin, testApp } from './support/app.js';
import { errorOf } from './support/http.js';
import { writeModel } from './support/model.js';

const t = await testApp();
test.after(() => t.close());

const weights = (headers: Record<string, string> = {}) =>
  t.request('/api/model/weights', { headers });
const served = () => {
  const m = t.model.current;
  if (!m) throw new Error('the test app has no model loaded');
  return m;
};
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

test('GET /api/model/weights: the served file, its sha256 as ETag, no-cache, and its version', async () => {
  const res = await weights();
  assert.is(res.status, 200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const file = new Uint8Array(await readFile(served().path));
  assert.is(bytes.length, file.length);
  assert.ok(Buffer.from(bytes).equals(file), 'exactly the bytes of the file');
  assert.is(res.headers.get('ETag'), `"${sha256(file)}"`);
  assert.is(res.headers.get('Cache-Control'), 'no-cache');
  assert.is(res.headers.get('Content-Type'), 'application/octet-stream');
  const info = (await (await t.request('/api/model')).json()) as { version: string };
  assert.is(res.headers.get('X-Model-Version'), info.version);
  // They rebuild the served model: the same architecture, the same outputs.
  const { tensors } = io.decodeSafetensors(bytes);
  const model = models.mnistCnn(models.mnistCnnConfigFromStateDict(tensors));
  model.loadStateDict(tensors, { strict: true });
  assert.is(model.numParameters(), served().model.numParameters());
});

test('If-None-Match with the ETag: 304 without a body, the same headers', async () => {
  const etag = (await weights()).headers.get('ETag') ?? '';
  for (const header of [etag, `W/${etag}`, `"0000", ${etag}`]) {
    const res = await weights({ 'If-None-Match': header });
    assert.is(res.status, 304, header);
    assert.is((await res.arrayBuffer()).byteLength, 0);
    assert.is(res.headers.get('ETag'), etag);
    assert.is(res.headers.get('X-Model-Version'), served().version);
  }
  assert.is((await weights({ 'If-None-Match': '"another"' })).status, 200);
});

test('after POST /api/model/reload with another file: a new version and ETag, the old one gets 200', async () => {
  const before = await weights();
  const oldTag = before.headers.get('ETag') ?? '';
  const oldVersion = before.headers.get('X-Model-Version');
  await writeModel(t.dir, { seed: 1234 });
  assert.is(
    (await t.request('/api/model/reload', { method: 'POST', headers: asAdmin })).status,
    200,
  );
  const res = await weights({ 'If-None-Match': oldTag });
  assert.is(res.status, 200);
  assert.is.not(res.headers.get('X-Model-Version'), oldVersion);
  assert.is(res.headers.get('X-Model-Version'), served().version);
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.is(res.headers.get('ETag'), `"${sha256(bytes)}"`);
  assert.is.not(res.headers.get('ETag'), oldTag);
  assert.is(sha256(bytes), served().sha256);
});

test('a file replaced on disk without a reload is not sent as the served model: 409', async () => {
  const app = await testApp({ db: t.db });
  await writeModel(app.dir, { seed: 4321 });
  const res = await app.request('/api/model/weights');
  assert.match(await errorOf(res, 409), /changed since test-cnn@[0-9a-f]{8} was loaded/);
  await app.model.reload();
  assert.is((await app.request('/api/model/weights')).status, 200);
});

test('without a model: 503 saying so', async () => {
  const none = await testApp({ db: t.db, loadModel: false });
  assert.match(await errorOf(await none.request('/api/model/weights'), 503), /no model is loaded/);
});

test.run();
