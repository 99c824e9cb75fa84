// Issue 15: what a hostile client sends, against the real server (HTTP on a socket) and a real
// PostgreSQL. Each test failed before its fix.

import { rm } from 'node:fs/promises';
import { request } from 'node:http';
import { Generator, io, models, tensor } from '@digitnet/core';
import { saveSafetensors } from '@digitnet/core/node';
import sharp from 'sharp';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../src/config.js';
import { asAdmin } from './support/app.js';
import { errorOf } from './support/http.js';
import { dataUrl, drawingPng } from './support/png.js';
import { chunk, chunkTypes, greyPng, withChunks } from './support/raw-png.js';
import { testServer } from './support/server.js';

const s = await testServer();
test.after(() => s.close());

const png = await drawingPng({ digit: 7 });
const postPng = (body: Uint8Array) =>
  s.fetch('/api/predict', {
    method: 'POST',
    headers: { 'Content-Type': 'image/png' },
    body: new Uint8Array(body),
  });
const submit = (json: unknown) =>
  s.fetch('/api/submissions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(json),
  });
const total = async () => ((await (await s.fetch('/api/stats')).json()) as { total: number }).total;

test('1. a 4,000,000x1 or 2x2,000,000 PNG of a few KB is a 413 naming the side cap, on both routes', async () => {
  const wide = greyPng(4_000_000, 1, (x) => (x % 1000 < 10 ? 255 : 0));
  const tall = greyPng(2, 2_000_000, (_, y) => (y % 1000 < 10 ? 255 : 0));
  assert.ok(wide.length < 64 * 1024, `the PNG is small (${wide.length} bytes)`);
  for (const bomb of [wide, tall]) {
    assert.match(await errorOf(await postPng(bomb), 413), /each side may be at most 4096 pixels/);
    const res = await submit({ drawing: dataUrl(bomb), label: 1 });
    assert.match(await errorOf(res, 413), /each side may be at most 4096/);
  }
  assert.is(await total(), 0);
});

test('5. every input the validator accepts stores or is a 4xx: tiny confidences, 16,385 px sides', async () => {
  const tiny = await submit({ drawing: dataUrl(png), label: 7, confidence: 1e-300 });
  assert.match(await errorOf(tiny, 400), /confidence: expected 0 or 1e-38–1/);
  // The smallest values a 32-bit real holds, and 0, store.
  for (const confidence of [0, 1e-38, 1]) {
    const ok = await submit({ drawing: dataUrl(png), label: 7, confidence });
    assert.is(ok.status, 201, await ok.text());
  }
  // Wider than the database's CHECK (1–16384): refused before anything is decoded or stored.
  const wide = greyPng(16_385, 1, (x) => (x > 100 && x < 140 ? 255 : 0));
  assert.is((await submit({ drawing: dataUrl(wide), label: 1 })).status, 413);
  assert.is(await total(), 3);
});

/** Writes the served model file with `edit` applied to the values of its tensor `key`. */
async function corruptModel(key: string, edit: (values: Float32Array) => void): Promise<void> {
  const model = models.mnistCnn({ factor: 4 }, { generator: new Generator(3) });
  const dict = model.stateDict();
  const target = dict[key];
  assert.ok(target, `the model has ${key}: ${Object.keys(dict).join(', ')}`);
  const values = Float32Array.from(target.dataSync() as Float32Array);
  edit(values);
  const edited = { ...dict, [key]: tensor(values, target.shape) };
  await saveSafetensors(s.config.modelPath, edited, {}, { dtypes: io.torchDtypes(dict) });
  edited[key].dispose();
  model.dispose();
}

test('6. a reload of weights that give NaN is a 422 and the current model keeps serving', async () => {
  const before = ((await (await s.fetch('/api/model')).json()) as { version: string }).version;
  const probe = models.mnistCnn({ factor: 4 });
  const keys = Object.keys(probe.stateDict());
  probe.dispose();
  const weight = keys.find((k) => k.endsWith('weight') && !k.includes('bn')) as string;
  const variance = keys.find((k) => k.endsWith('running_var')) as string;
  assert.ok(variance, 'the model has batch norm');
  const cases: [string, (v: Float32Array) => void, RegExp][] = [
    ['a NaN', (v) => (v[0] = Number.NaN), /is NaN/],
    ['an Inf', (v) => (v[3] = Number.POSITIVE_INFINITY), /is Infinity/],
  ];
  for (const [what, edit, why] of cases) {
    await corruptModel(weight, edit);
    const res = await s.fetch('/api/model/reload', { method: 'POST', headers: asAdmin });
    const error = await errorOf(res, 422);
    assert.match(error, why, what);
    assert.match(error, /still serving/);
  }
  await corruptModel(variance, (v) => (v[0] = -1));
  assert.match(
    await errorOf(await s.fetch('/api/model/reload', { method: 'POST', headers: asAdmin }), 422),
    /negative variance/,
  );
  // Huge but finite weights (flipped exponent bits): the probe batch's outputs are not finite.
  await corruptModel(weight, (v) => v.fill(3e38));
  assert.match(
    await errorOf(await s.fetch('/api/model/reload', { method: 'POST', headers: asAdmin }), 422),
    /self-check: on .* expected ten finite values/,
  );
  const after = (await (await s.fetch('/api/model')).json()) as { version: string };
  assert.is(after.version, before);
  const predicted = (await (await postPng(png)).json()) as { probabilities: (number | null)[] };
  assert.ok(predicted.probabilities.every((p) => typeof p === 'number' && Number.isFinite(p)));
  assert.is((await submit({ drawing: dataUrl(png), label: 7 })).status, 201);
});

test('7. a stored drawing keeps no ancillary chunk: 900 KB of tEXt in, a small clean PNG out, same pixels', async () => {
  const junk = Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.alloc(900_000, 0x41)]);
  const stuffed = withChunks(png, [chunk('tEXt', junk), chunk('prIv', Buffer.alloc(1000, 7))]);
  assert.ok(chunkTypes(stuffed).includes('tEXt'));
  const res = await submit({ drawing: dataUrl(stuffed), label: 7 });
  assert.is(res.status, 201, await res.clone().text());
  const { id } = (await res.json()) as { id: number };
  const image = await s.fetch(`/api/submissions/${id}/image.png`, { headers: asAdmin });
  assert.is(image.status, 200);
  const stored = new Uint8Array(await image.arrayBuffer());
  assert.ok(stored.length < 50_000, `stored ${stored.length} bytes`);
  // pHYs (9 bytes) is sharp's own: the resolution it writes into every PNG.
  for (const type of chunkTypes(stored))
    assert.ok(['IHDR', 'PLTE', 'IDAT', 'IEND', 'pHYs'].includes(type), type);
  const raw = (bytes: Uint8Array) => sharp(bytes).ensureAlpha().raw().toBuffer();
  assert.ok((await raw(stored)).equals(await raw(png)), 'the stored image has the same pixels');
});

test('7. writes are rate-limited per client: 429 with Retry-After past the limit; predictions are not', async () => {
  const limited = await testServer({ writesPerMinute: 3 });
  try {
    const post = () =>
      limited.fetch('/api/submissions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ drawing: dataUrl(png), label: 7 }),
      });
    for (let i = 0; i < 3; i++) assert.is((await post()).status, 201);
    const refused = await post();
    assert.match(await errorOf(refused, 429), /at most 3 a minute; try again in \d+ s/);
    const retry = Number(refused.headers.get('Retry-After'));
    assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
    const predicted = await limited.fetch('/api/predict', {
      method: 'POST',
      headers: { 'Content-Type': 'image/png' },
      body: new Uint8Array(png),
    });
    assert.is(predicted.status, 200);
    const stats = (await (await limited.fetch('/api/stats')).json()) as { total: number };
    assert.is(stats.total, 3);
  } finally {
    await limited.close();
  }
  // Behind a proxy (TRUST_PROXY=1) each forwarded client has its own count.
  const proxied = await testServer({ writesPerMinute: 1, trustProxy: true });
  try {
    const from = (client: string) =>
      proxied.fetch('/api/submissions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `1.2.3.4, ${client}` },
        body: JSON.stringify({ drawing: dataUrl(png), label: 7 }),
      });
    assert.is((await from('10.0.0.1')).status, 201);
    assert.is((await from('10.0.0.2')).status, 201);
    assert.is((await from('10.0.0.1')).status, 429);
  } finally {
    await proxied.close();
  }
  assert.is(loadConfig({ TRUST_PROXY: '1' }).trustProxy, true);
  // npm start limits writes unless told otherwise.
  assert.is(loadConfig({}).writesPerMinute, 60);
  assert.is(loadConfig({ WRITE_RATE_LIMIT: '0' }).writesPerMinute, null);
});

/** A GET with a raw request target (fetch would normalise it). */
function rawGet(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', path, method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

test('9. a path with %0a, %0d or escape codes logs as one line with the controls escaped', async () => {
  const forged = '2026-01-01T00:00:00.000Z info  POST /api/model/reload 200 1.0 ms';
  const path = `/x%0d%0a${encodeURIComponent(forged)}%1b[2J%e2%80%a8`;
  const from = s.lines.length;
  assert.is(await rawGet(s.port, path), 404);
  const logged = s.lines.slice(from);
  assert.is(logged.length, 1, logged.join('\n---\n'));
  for (const control of ['\n', '\r', '\u001b', '\u2028'])
    assert.not.ok(logged[0].includes(control));
  assert.match(
    logged[0],
    /GET \/x\\r\\n2026-01-01T00%3A00%3A00.000Z info {2}POST .*\\x1b\[2J\\u2028 404 /,
  );
});

test('10. without a model, /readyz, /api/model and /api/predict name no folder', async () => {
  await rm(s.config.modelPath);
  const res = await s.fetch('/api/model/reload', { method: 'POST', headers: asAdmin });
  assert.is(res.status, 422);
  const noModel = await testServer({ modelPath: `${s.dir}/models/missing.safetensors` });
  try {
    const answers = [
      await noModel.fetch('/readyz'),
      await noModel.fetch('/api/model'),
      await noModel.fetch('/api/predict', {
        method: 'POST',
        headers: { 'Content-Type': 'image/png' },
        body: new Uint8Array(png),
      }),
      res,
    ];
    for (const answer of answers.slice(0, 3)) assert.is(answer.status, 503);
    const bodies = [
      ...(await Promise.all(answers.slice(0, 3).map((a) => a.text()))),
      await res.text(),
    ];
    for (const body of bodies) {
      assert.not.match(body, s.dir, body);
      assert.not.match(body, /\/tmp\/|no such file or directory, open/, body);
    }
    assert.match(bodies[0], /cannot read the model file missing\.safetensors \(ENOENT\)/);
    assert.match(bodies[3], /cannot read the model file test-cnn\.safetensors \(ENOENT\)/);
  } finally {
    await noModel.close();
  }
  // The server's own log still says where it looked.
  assert.ok(s.lines.some((l) => l.includes(s.config.modelPath)));
});

test('11. an ADMIN_TOKEN of whitespace is refused; a refused token is never printed', () => {
  for (const token of [' '.repeat(20), `${'a'.repeat(10)} ${'b'.repeat(10)}`, 'short-secret']) {
    try {
      loadConfig({ ADMIN_TOKEN: token });
      assert.unreachable(`accepted ${JSON.stringify(token)}`);
    } catch (err) {
      const message = String(err);
      assert.match(message, /ADMIN_TOKEN=\(\d+ characters, not shown\)/);
      assert.not.ok(message.includes(token), message);
      assert.not.match(message, /aaaaaaaaaa|short-secret/);
    }
  }
  assert.is(loadConfig({ ADMIN_TOKEN: 'a'.repeat(16) }).adminToken, 'a'.repeat(16));
});

test.run();
