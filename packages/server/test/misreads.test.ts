import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Misread } from '../src/routes/misreads.js';
import { testApp } from './support/app.js';
import { dataUrl, drawingPng } from './support/png.js';

const t = await testApp();
test.after(() => t.close());

const misreads = async (query = '') => {
  const res = await t.request(`/api/misreads${query}`);
  assert.is(res.status, 200);
  return ((await res.json()) as { misreads: Misread[] }).misreads;
};

test('only drawings the model read wrong, newest first, with what the model saw', async () => {
  assert.equal(await misreads(), []);
  // [what is drawn, the label sent]: labels that disagree with any reading of the digit.
  const drawn = [
    [7, 7],
    [1, 8],
    [7, 2],
    [0, 0],
    [4, 9],
  ] as const;
  for (const [digit, label] of drawn) {
    const png = await drawingPng({ digit });
    const res = await t.request('/api/submissions', { json: { drawing: dataUrl(png), label } });
    assert.is(res.status, 201);
  }
  // The oracle: the rows themselves.
  const rows = await t.db<{ id: string; label: number; prediction: number; pixels: Buffer }[]>`
    select id, label, prediction, pixels from submissions where label <> prediction order by id desc`;
  const got = await misreads();
  assert.equal(
    got.map((m) => [m.id, m.label, m.prediction]),
    rows.map((r) => [Number(r.id), r.label, r.prediction]),
  );
  assert.ok(got.length >= 3, 'the three mislabelled drawings at least');
  for (const [i, m] of got.entries()) {
    assert.is(m.pixels.length, 784);
    assert.equal(m.pixels, [...rows[i].pixels]);
    assert.ok(m.prediction !== m.label);
    assert.equal(Object.keys(m).sort(), [
      'confidence',
      'createdAt',
      'id',
      'label',
      'pixels',
      'prediction',
    ]);
  }
  assert.is((await misreads('?limit=1')).length, 1);
});

test('a bad limit is a 400 that says what is allowed', async () => {
  for (const limit of ['0', '49', '2.5', 'many']) {
    const res = await t.request(`/api/misreads?limit=${limit}`);
    assert.is(res.status, 400);
    const { error } = (await res.json()) as { error: string };
    assert.match(error, /limit must be an integer from 1 to 48/);
  }
});

test.run();
