// The fine-tune's split and mixing, on small made-up datasets.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { concatDatasets, sample, stratifiedSplit } from '../lib/finetune-data.js';

// 100 samples: label d appears 3 + 2d times (3, 5, …, 21), in a scrambled order.
const labels: number[] = [];
for (let d = 0; d < 10; d++) for (let k = 0; k < 3 + 2 * d; k++) labels.push(d);
const perm = labels.map((_, i) => (i * 37) % labels.length);
const scrambled = perm.map((i) => labels[i]);

test('stratifiedSplit: disjoint, complete, and each digit held out in proportion', () => {
  const { train, heldOut } = stratifiedSplit(scrambled, 0.25, 7);
  assert.equal(
    [...train, ...heldOut].sort((a, b) => a - b),
    scrambled.map((_, i) => i),
  );
  for (let d = 0; d < 10; d++) {
    const n = scrambled.filter((l) => l === d).length;
    const held = heldOut.filter((i) => scrambled[i] === d).length;
    assert.is(held, Math.max(1, Math.round(n * 0.25)), `digit ${d}: ${held} of ${n} held out`);
  }
});

test('stratifiedSplit: the same seed gives the same split, another seed another one', () => {
  assert.equal(stratifiedSplit(scrambled, 0.3, 42), stratifiedSplit(scrambled, 0.3, 42));
  assert.not.equal(
    stratifiedSplit(scrambled, 0.3, 42).heldOut,
    stratifiedSplit(scrambled, 0.3, 43).heldOut,
  );
});

test('stratifiedSplit: a digit drawn once stays in training; a bad share throws', () => {
  const { train, heldOut } = stratifiedSplit([4, 5, 5], 0.5, 1);
  assert.ok(train.includes(0));
  assert.is(heldOut.length, 1);
  assert.throws(() => stratifiedSplit([1, 2], 1, 1), /heldOut must be in \(0, 1\)/);
  assert.throws(() => stratifiedSplit([1, 2], 0, 1), /heldOut must be in \(0, 1\)/);
});

const tiny = (values: number[]) => ({
  images: Uint8Array.from(values.flatMap((v) => [v, v, v, v])),
  labels: Uint8Array.from(values.map((v) => v % 10)),
  count: values.length,
  height: 2,
  width: 2,
});

test('concatDatasets keeps images with their labels; sample draws without replacement', () => {
  const both = concatDatasets([tiny([1, 2]), tiny([13, 14, 15])]);
  assert.is(both.count, 5);
  assert.equal(Array.from(both.labels), [1, 2, 3, 4, 5]);
  assert.equal(Array.from(both.images.subarray(8, 12)), [13, 13, 13, 13]);
  assert.throws(
    () => concatDatasets([tiny([1]), { ...tiny([2]), height: 1, width: 4 }]),
    /cannot be mixed/,
  );
  const picked = sample(tiny([10, 11, 12, 13, 14, 15]), 4, 3);
  assert.is(picked.count, 4);
  assert.is(new Set(Array.from(picked.labels)).size, 4, 'no sample twice');
  assert.is(sample(tiny([10, 11]), 9, 3).count, 2);
});

test.run();
