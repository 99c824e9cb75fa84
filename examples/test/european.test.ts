// European 1s and 7s for training: what the drawing adds, the labels, the seed and the cache.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { data } from '@digitnet/core';
import { loadMnist } from '@digitnet/core/node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { drawDigit } from '../lib/drawn.js';
import { cachedEuropean, europeanDigits } from '../lib/european.js';

const train = data.take(await loadMnist({ split: 'train' }), 300);
const firstOf = (label: number) => {
  const i = train.labels.indexOf(label);
  return train.images.subarray(i * 784, (i + 1) * 784);
};
const opts = { height: 200, pen: 20, at: [0.5, 0.5] as [number, number] };

/** Ink (sum of pixel values) of a 280x280 canvas inside [x0, x1) × [y0, y1). */
function ink(pixels: Uint8Array, x0: number, x1: number, y0: number, y1: number): number {
  let sum = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += pixels[y * 280 + x];
  return sum;
}

test("a 1's flag adds ink down and to the left of the stroke's top; a steeper flag lies lower", () => {
  const plain = drawDigit(firstOf(1), 1, opts);
  const flat = drawDigit(firstOf(1), 1, {
    ...opts,
    european: true,
    flag: { angle: 20, length: 0.45 },
  });
  const steep = drawDigit(firstOf(1), 1, {
    ...opts,
    european: true,
    flag: { angle: 55, length: 0.45 },
  });
  assert.ok(plain && flat && steep);
  const total = (c: { pixels: Uint8Array }) => ink(c.pixels, 0, 280, 0, 280);
  assert.ok(total(flat) > total(plain) * 1.15, 'the flag adds ink');
  // Rows of the canvas's top half: where the flag's end lies, its angle decides.
  const lowerHalfOfTop = (c: { pixels: Uint8Array }) => ink(c.pixels, 0, 280, 90, 140);
  assert.ok(lowerHalfOfTop(steep) > lowerHalfOfTop(flat), 'the steeper flag reaches lower');
});

test("a 7's crossbar adds a horizontal stroke at the height asked for", () => {
  const plain = drawDigit(firstOf(7), 7, opts);
  const high = drawDigit(firstOf(7), 7, {
    ...opts,
    european: true,
    crossbar: { length: 0.5, at: 0.4 },
  });
  const low = drawDigit(firstOf(7), 7, {
    ...opts,
    european: true,
    crossbar: { length: 0.5, at: 0.65 },
  });
  assert.ok(plain && high && low);
  const band = (c: { pixels: Uint8Array }, y: number) => ink(c.pixels, 0, 280, y - 8, y + 8);
  // The digit spans rows 40–240 (height 200, centred): 40% down is row ~120, 65% down row ~170.
  assert.ok(band(high, 120) > band(plain, 120) * 1.3, 'a crossbar at 40% of the height');
  assert.ok(band(low, 170) > band(plain, 170) * 1.3, 'a crossbar at 65% of the height');
  assert.ok(band(high, 120) > band(low, 120), 'the high bar is where the low one is not');
});

test('europeanDigits: 1s and 7s in turn, inked, seeded; the cache gives the same set and its prefixes', async () => {
  const a = europeanDigits(train, 6, 3);
  assert.equal(Array.from(a.labels), [1, 7, 1, 7, 1, 7]);
  for (let i = 0; i < a.count; i++) {
    assert.ok(Math.max(...a.images.subarray(i * 784, (i + 1) * 784)) > 200, `image ${i} has ink`);
  }
  assert.equal(europeanDigits(train, 6, 3).images, a.images);
  assert.not.equal(europeanDigits(train, 6, 4).images, a.images);
  const dir = await mkdtemp(join(tmpdir(), 'digitnet-european-'));
  try {
    const made = await cachedEuropean(train, 6, 3, dir);
    assert.equal(made.images, a.images);
    const prefix = await cachedEuropean(train, 4, 3, dir);
    assert.equal(prefix.images, a.images.subarray(0, 4 * 784));
    assert.equal(Array.from(prefix.labels), [1, 7, 1, 7]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('europeanDigits names what is missing when the set has no 1s or 7s', () => {
  const noSevens = data.take(
    { ...train, labels: train.labels.map((l) => (l === 7 ? 0 : l)) },
    train.count,
  );
  assert.throws(() => europeanDigits(noSevens, 2, 1), /no 7s to redraw/);
});

test.run();
