// Outlier exposure: the generated training non-digits and the loss that sends them to uniform.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { data, Generator, tensor } from '@digitnet/core';
import { loadMnist } from '@digitnet/core/node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { concatDatasets } from '../lib/finetune-data.js';
import { LETTERS } from '../lib/nondigits.js';
import {
  cachedOutliers,
  OUTLIER,
  OUTLIER_KINDS,
  outlierCrossEntropy,
  outliers,
  STROKED_LETTERS,
  strokedLetter,
} from '../lib/outliers.js';

const train = data.take(await loadMnist({ split: 'train' }), 200);

test('outliers: seeded, labelled OUTLIER, every image has ink, another seed another set', () => {
  const a = outliers(train, 8, 5);
  assert.is(a.count, 8);
  assert.ok(a.labels.every((l) => l === OUTLIER));
  for (let i = 0; i < a.count; i++) {
    const img = a.images.subarray(i * 784, (i + 1) * 784);
    assert.ok(Math.max(...img) > 200, `outlier ${i} (${OUTLIER_KINDS[i % 4]}) has no ink`);
  }
  assert.equal(Array.from(outliers(train, 8, 5).images), Array.from(a.images));
  assert.not.equal(Array.from(outliers(train, 8, 6).images), Array.from(a.images));
  // A shorter set is the longer one's prefix: the cache relies on it.
  assert.equal(Array.from(outliers(train, 3, 5).images), Array.from(a.images.subarray(0, 3 * 784)));
});

test('cachedOutliers gives what outliers gives, from the file the second time', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'digitnet-outliers-test-'));
  try {
    const made = await cachedOutliers(train, 6, 9, dir);
    const again = await cachedOutliers(train, 4, 9, dir);
    assert.equal(Array.from(made.images), Array.from(outliers(train, 6, 9).images));
    assert.equal(Array.from(again.images), Array.from(made.images.subarray(0, 4 * 784)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('stroked letters: only letters the evaluation uses, none drawn like a digit', () => {
  for (const ch of Object.keys(STROKED_LETTERS)) assert.ok(LETTERS.includes(ch), ch);
  assert.throws(() => strokedLetter('O', new Generator(1)), /no strokes for "O"/);
});

test('outlierCrossEntropy: one-hot for digits, uniform for OUTLIER (float64 reference)', () => {
  const logits = [
    [2, -1, 0.5, 0, 0, 0, 0, 0, 0, 1],
    [0.3, 0.1, -2, 4, 0, 0, 1, 0, 0, 0],
  ];
  const x = tensor(Float32Array.from(logits.flat()), [2, 10]);
  const logSoftmax = (row: number[]) => {
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    return row.map((v) => v - lse);
  };
  const [a, b] = logits.map(logSoftmax);
  const expected = (-a[3] + -b.reduce((s, v) => s + v, 0) / 10) / 2;
  const got = outlierCrossEntropy(
    x,
    tensor(Int32Array.from([3, OUTLIER]), [2], { dtype: 'int32' }),
  );
  assert.ok(Math.abs(got.item() - expected) < 1e-5, `${got.item()} vs ${expected}`);
  // Without outliers it is plain cross-entropy.
  const plain = outlierCrossEntropy(x, tensor(Int32Array.from([3, 6]), [2], { dtype: 'int32' }));
  assert.ok(Math.abs(plain.item() - (-a[3] - b[6]) / 2) < 1e-5);
});

test('outliers join the digits with their OUTLIER label (concatDatasets)', () => {
  const both = concatDatasets([train, outliers(train, 2, 1)]);
  assert.is(both.count, 202);
  assert.is(both.labels[199], train.labels[199]);
  assert.is(both.labels[201], OUTLIER);
});

test.run();
