import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { testApp } from './support/app.js';
import { errorOf } from './support/http.js';
import { dataUrl, drawingPng } from './support/png.js';
import { freshDatabase, startCluster } from './support/postgres.js';

// A cluster of its own: this suite stops it.
const cluster = await startCluster();
const database = await freshDatabase({ cluster });
const t = await testApp({ db: database.db });
test.after(async () => {
  await database.close();
  await cluster.stop();
});

const png = await drawingPng({ digit: 7 });
const submit = () => t.request('/api/submissions', { json: { drawing: dataUrl(png), label: 7 } });
const predict = () =>
  t.request('/api/predict', {
    method: 'POST',
    headers: { 'Content-Type': 'image/png' },
    body: new Uint8Array(png),
  });

test('with the database stopped: 503 on writes and reads of stored data, predictions still answer', async () => {
  assert.is((await submit()).status, 201);
  await cluster.stop();

  const write = await submit();
  assert.match(await errorOf(write, 503), /database is unavailable.*nothing was stored/);
  assert.is(write.headers.get('Retry-After'), '5');
  assert.match(await errorOf(await t.request('/api/stats'), 503), /database is unavailable/);
  const ready = await t.request('/readyz');
  assert.match(await errorOf(ready, 503), /the database is unreachable/);
  assert.is((await predict()).status, 200);
  assert.is((await t.request('/healthz')).status, 200);
});

test('when the database comes back, so does the server, with nothing half-written', async () => {
  await cluster.start();
  assert.is((await t.request('/readyz')).status, 200);
  assert.is((await submit()).status, 201);
  const stats = (await (await t.request('/api/stats')).json()) as { total: number };
  assert.is(stats.total, 2, 'the submission refused during the outage was not stored');
});

test.run();
