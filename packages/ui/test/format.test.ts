// The views' number formats: ratios as they are, probabilities never a false 100%.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatMs, percent, probability, withArticle } from '../src/views/format.js';

test('percent shows a ratio, 100% included', () => {
  assert.is(percent(0.9731), '97.3%');
  assert.is(percent(1), '100.0%');
  assert.is(percent(0.99375, 2), '99.38%');
});

test('probability never shows 100%, even for a softmax that float32 rounded to 1', () => {
  assert.is(probability(0.9731), '97.3%');
  assert.is(probability(0.99997), '>99.9%');
  assert.is(probability(1), '>99.9%');
  assert.is(probability(0.999, 0), '>99%');
  assert.is(probability(0), '0.0%');
});

test('formatMs: a tenth of a millisecond below 10 ms, whole milliseconds above', () => {
  assert.is(formatMs(0.43), '0.4 ms');
  assert.is(formatMs(3.21), '3.2 ms');
  assert.is(formatMs(9.96), '10.0 ms');
  assert.is(formatMs(48.4), '48 ms');
});

test('withArticle reads digits as they sound: an 8, a 0–7 and 9', () => {
  assert.is(withArticle(8), 'an 8');
  for (const d of [0, 1, 2, 3, 4, 5, 6, 7, 9]) assert.is(withArticle(d), `a ${d}`);
});

test.run();
