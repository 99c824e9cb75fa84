import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getBackend } from '@digitnet/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cachePolicy } from '../src/routes/ui.js';
import { testApp } from './support/app.js';
import { errorOf } from './support/http.js';
import { tempDir } from './support/temp.js';

const ui = tempDir('ui');
await mkdir(join(ui, 'assets'));
await writeFile(join(ui, 'index.html'), '<!doctype html><title>digitnet</title>');
await writeFile(join(ui, 'assets', 'app-5XJ2V3QK.js'), 'console.log(1)');
await writeFile(join(ui, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');

const t = await testApp({ uiDir: ui });
const bare = await testApp({ db: t.db });
test.after(() => t.close());

test('GET /healthz: the process is up, on the fastest backend (wasm here)', async () => {
  const res = await t.request('/healthz');
  assert.is(res.status, 200);
  const body = (await res.json()) as { status: string; backend: string };
  assert.is(body.status, 'ok');
  assert.match(body.backend, /^wasm \(WebAssembly SIMD, \d+ threads?/);
  assert.is(getBackend().name, 'wasm');
});

test('GET /readyz: ready with the database reachable and a model loaded', async () => {
  const res = await t.request('/readyz');
  assert.is(res.status, 200);
  const body = (await res.json()) as {
    status: string;
    checks: { database: string; model: string };
  };
  assert.is(body.status, 'ready');
  assert.is(body.checks.database, 'ok');
  assert.is(body.checks.model, t.model.current?.version);
});

test('GET /readyz: 503 without a model, saying so', async () => {
  const none = await testApp({ db: t.db, loadModel: false });
  const res = await none.request('/readyz');
  assert.match(await errorOf(res, 503), /no model is loaded/);
  assert.is(res.headers.get('Retry-After'), '5');
});

test('the built UI is served with caching headers: HTML revalidated, hashed assets immutable', async () => {
  const index = await t.request('/');
  assert.is(index.status, 200);
  assert.match(await index.text(), /<title>digitnet/);
  assert.match(index.headers.get('Content-Type') ?? '', /text\/html/);
  assert.is(index.headers.get('Cache-Control'), 'no-cache');
  const asset = await t.request('/assets/app-5XJ2V3QK.js');
  assert.is(asset.status, 200);
  assert.is(asset.headers.get('Cache-Control'), 'public, max-age=31536000, immutable');
  assert.is((await t.request('/favicon.svg')).headers.get('Cache-Control'), 'public, max-age=3600');
  assert.is(cachePolicy('/index.html'), 'no-cache');
  assert.match(await errorOf(await t.request('/nope.js'), 404), /no route GET \/nope\.js/);
});

test('the page and its assets are cross-origin isolated (COOP same-origin, COEP require-corp)', async () => {
  for (const path of ['/', '/assets/app-5XJ2V3QK.js', '/favicon.svg']) {
    const res = await t.request(path);
    assert.is(res.status, 200, path);
    assert.is(res.headers.get('Cross-Origin-Opener-Policy'), 'same-origin', path);
    assert.is(res.headers.get('Cross-Origin-Embedder-Policy'), 'require-corp', path);
  }
});

test('without a built UI, / is a small page pointing at the API', async () => {
  const res = await bare.request('/');
  assert.is(res.status, 200);
  const html = await res.text();
  assert.match(html, /UI is not built/);
  assert.match(html, /\/api\/predict/);
});

test('a UI built after the server started is served without a restart', async () => {
  const later = tempDir('ui-later');
  const app = await testApp({ db: t.db, uiDir: later });
  assert.match(await (await app.request('/')).text(), /UI is not built/);
  await writeFile(join(later, 'index.html'), '<!doctype html><title>built later</title>');
  const res = await app.request('/');
  assert.match(await res.text(), /<title>built later/);
  assert.is(res.headers.get('Cache-Control'), 'no-cache');
});

test('answers carry secure headers', async () => {
  const res = await t.request('/');
  assert.match(res.headers.get('Content-Security-Policy') ?? '', /default-src 'self'/);
  assert.is(res.headers.get('X-Content-Type-Options'), 'nosniff');
  assert.is(res.headers.get('X-Frame-Options'), 'SAMEORIGIN');
  assert.ok(res.headers.get('Strict-Transport-Security'));
  assert.is(res.headers.get('X-Powered-By'), null);
});

test('an unknown API route is a JSON 404', async () => {
  assert.match(await errorOf(await t.request('/api/nothing'), 404), /no route GET \/api\/nothing/);
  assert.match(
    await errorOf(await t.request('/api/stats', { method: 'DELETE' }), 404),
    /DELETE \/api\/stats/,
  );
});

test.run();
