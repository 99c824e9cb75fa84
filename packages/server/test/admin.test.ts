import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ADMIN_TOKEN, asAdmin, testApp } from './support/app.js';
import { errorOf } from './support/http.js';
import { dataUrl, drawingPng } from './support/png.js';

const t = await testApp();
const off = await testApp({ adminToken: null, db: t.db });
test.after(() => t.close());

const ADMIN_ROUTES: [string, string][] = [
  ['GET', '/api/submissions'],
  ['GET', '/api/submissions/1/image.png'],
  ['POST', '/api/model/reload'],
];

const ids: number[] = [];
test.before(async () => {
  const drawing = dataUrl(await drawingPng({ digit: 1 }));
  for (let label = 0; label < 5; label++) {
    const res = await t.request('/api/submissions', { json: { drawing, label } });
    ids.push(((await res.json()) as { id: number }).id);
  }
});

test('without ADMIN_TOKEN the admin routes are off: 403 even with a token', async () => {
  for (const [method, path] of ADMIN_ROUTES) {
    const res = await off.request(path, { method, headers: asAdmin });
    assert.match(await errorOf(res, 403), /disabled.*ADMIN_TOKEN/, `${method} ${path}`);
  }
});

test('without the header or with a wrong token: 401 with a Bearer challenge', async () => {
  for (const [method, path] of ADMIN_ROUTES) {
    const none = await t.request(path, { method });
    assert.match(await errorOf(none, 401), /Authorization: Bearer/);
    assert.is(none.headers.get('WWW-Authenticate'), 'Bearer realm="digitnet admin"');
    const wrong = await t.request(path, {
      method,
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}x` },
    });
    assert.match(await errorOf(wrong, 401), /token is wrong/);
    const basic = await t.request(path, {
      method,
      headers: { Authorization: `Basic ${ADMIN_TOKEN}` },
    });
    assert.is(basic.status, 401);
  }
});

test('the export pages through every submission in id order with a cursor', async () => {
  const seen: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
    const res = await t.request(`/api/submissions${query}`, { headers: asAdmin });
    assert.is(res.status, 200);
    const page = (await res.json()) as {
      items: { id: number; label: number }[];
      nextCursor: string | null;
    };
    assert.ok(page.items.length <= 2);
    seen.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  assert.equal(seen, ids);
  assert.is(pages, 3);
});

test('a bad cursor, limit or id is a 400; an unknown id is a 404', async () => {
  const get = (path: string) => t.request(path, { headers: asAdmin });
  assert.match(await errorOf(await get('/api/submissions?cursor=abc'), 400), /cursor/);
  assert.match(await errorOf(await get('/api/submissions?limit=0'), 400), /limit/);
  assert.match(await errorOf(await get('/api/submissions?limit=501'), 400), /limit/);
  assert.match(await errorOf(await get('/api/submissions/x1/image.png'), 400), /id/);
  assert.match(await errorOf(await get('/api/submissions/999999/image.png'), 404), /999999/);
});

test.run();
