import { randomUUID } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { testApp } from './support/app.js';
import { errorOf } from './support/http.js';
import { dataUrl, drawingPng } from './support/png.js';

const t = await testApp();
test.after(() => t.close());

const png = dataUrl(await drawingPng({ digit: 4 }));
const submit = (json: unknown) => t.request('/api/submissions', { json });
const rows = async (clientId: string) =>
  Number((await t.db`select count(*) from submissions where client_id = ${clientId}`)[0].count);

test('a repeated clientId returns the stored row (200, same id) and stores nothing more', async () => {
  const clientId = randomUUID();
  const first = await submit({ drawing: png, label: 4, clientId });
  assert.is(first.status, 201);
  const { id } = (await first.json()) as { id: number };
  for (let i = 0; i < 3; i++) {
    const again = await submit({ drawing: png, label: 4, clientId });
    assert.is(again.status, 200);
    assert.equal(await again.json(), { id });
  }
  assert.is(await rows(clientId), 1);
  const [row] = await t.db`select client_id from submissions where id = ${id}`;
  assert.is(row.client_id, clientId);
});

test('the same clientId sent concurrently is stored once; every answer names that row', async () => {
  const clientId = randomUUID();
  const answers = await Promise.all(
    Array.from({ length: 6 }, () => submit({ drawing: png, label: 4, clientId })),
  );
  const statuses = answers.map((r) => r.status).sort();
  assert.equal(statuses, [200, 200, 200, 200, 200, 201]);
  const ids = new Set(
    await Promise.all(answers.map(async (r) => ((await r.json()) as { id: number }).id)),
  );
  assert.is(ids.size, 1);
  assert.is(await rows(clientId), 1);
});

test('different clientIds, and submissions without one, are separate rows', async () => {
  const before = Number((await t.db`select count(*) from submissions`)[0].count);
  const a = await submit({ drawing: png, label: 4, clientId: randomUUID() });
  const b = await submit({ drawing: png, label: 4, clientId: randomUUID() });
  const c = await submit({ drawing: png, label: 4 });
  const d = await submit({ drawing: png, label: 4 });
  assert.equal([a.status, b.status, c.status, d.status], [201, 201, 201, 201]);
  assert.is(Number((await t.db`select count(*) from submissions`)[0].count), before + 4);
});

test('a clientId that is not a UUID is a 400 naming the field', async () => {
  const res = await submit({ drawing: png, label: 4, clientId: 'not-a-uuid' });
  assert.match(await errorOf(res, 400), /clientId must be a UUID/);
});

test.run();
