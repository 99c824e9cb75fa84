// evaluate --as: each rendering, brought back by the app's transform, is still the same digit.
import { data } from '@digitnet/core';
import { loadMnist } from '@digitnet/core/node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RENDERINGS, rendered } from '../lib/renderings.js';

const digits = data.take(await loadMnist({ split: 'test' }), 20);

/** Mean absolute difference per pixel between two image sets, 0–255. */
function meanDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

test('mnist leaves the images as they are; every rendering keeps labels and count', () => {
  assert.is(rendered(digits, 'mnist'), digits);
  for (const how of RENDERINGS) {
    const r = rendered(digits, how);
    assert.is(r.count, digits.count);
    assert.equal(r.labels, digits.labels);
    assert.is(r.images.length, digits.images.length);
  }
});

test('a grey-paper photo comes back as the canvas drawing does; a thin pen close to it', () => {
  const canvas = rendered(digits, 'canvas').images;
  // 0.8 with pen: 'keep', 1.7 with the default erosion (paper's faint edges binarise thinner).
  assert.ok(meanDiff(rendered(digits, 'paper').images, canvas) < 3);
  const thin = rendered(digits, 'thin-pen').images;
  const diff = meanDiff(thin, canvas);
  assert.ok(diff > 3 && diff < 40, `thin-pen vs canvas: ${diff}`);
});

test('only 28x28 images can be redrawn', () => {
  const wide = { ...digits, width: 56, height: 14 };
  assert.throws(() => rendered(wide, 'paper'), /redraws 28x28 digits; these images are 56x14/);
});

test.run();
