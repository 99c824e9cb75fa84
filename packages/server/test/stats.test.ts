import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Stats } from '../src/routes/stats.js';
import { testApp } from './support/app.js';
import { dataUrl, drawingPng } from './support/png.js';

const t = await testApp();
test.after(() => t.close());

const stats = async () => {
  const res = await t.request('/api/stats');
  assert.is(res.status, 200);
  return (await res.json()) as Stats;
};

test('with no submissions: zeros, and no accuracy rather than a made-up one', async () => {
  const s = await stats();
  assert.is(s.total, 0);
  assert.is(s.correct, 0);
  assert.is(s.accuracy, null);
  assert.equal(s.counts, new Array(10).fill(0));
  assert.equal(s.accuracyByDigit, new Array(10).fill(null));
  assert.equal(
    s.confusion,
    Array.from({ length: 10 }, () => new Array(10).fill(0)),
  );
  assert.equal(s.models, []);
});

test('totals, per-digit counts, the confusion matrix and accuracy follow the stored rows', async () => {
  // [what is drawn, the label sent]: one user labels a drawn 7 as a 1.
  const drawn = [
    [7, 7],
    [7, 1],
    [1, 1],
    [4, 4],
    [0, 0],
  ] as const;
  for (const [digit, label] of drawn) {
    const png = await drawingPng({ digit });
    const res = await t.request('/api/submissions', { json: { drawing: dataUrl(png), label } });
    assert.is(res.status, 201);
  }
  // The oracle: the rows themselves, counted here independently of the route's query.
  const rows = await t.db<{ label: number; prediction: number }[]>`
    select label, prediction from submissions`;
  const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  for (const r of rows) confusion[r.label][r.prediction]++;
  const correct = rows.filter((r) => r.label === r.prediction).length;

  const s = await stats();
  assert.is(s.total, 5);
  assert.equal(s.counts, [1, 2, 0, 0, 1, 0, 0, 1, 0, 0]);
  assert.equal(s.confusion, confusion);
  assert.is(s.correct, correct);
  assert.is(s.accuracy, correct / 5);
  assert.is(s.accuracyByDigit[2], null);
  assert.is(s.accuracyByDigit[1], confusion[1][1] / 2);
  assert.is(s.models.length, 1);
  assert.is(s.models[0].modelVersion, t.model.current?.version);
  assert.is(s.models[0].count, 5);
  assert.is(s.models[0].correct, correct);
});

test.run();
