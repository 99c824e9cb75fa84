// The drawn-digit and non-digit sets: reproducible, drawn as asked, and PNG as the server reads it.
import { data } from '@digitnet/core';
import { loadMnist } from '@digitnet/core/node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  CANVAS,
  type Canvas,
  decodePng,
  drawDigit,
  drawnDigits,
  encodePng,
  toDataset,
} from '../lib/drawn.js';
import { NON_DIGIT_KINDS, nonDigits } from '../lib/nondigits.js';

const digits = data.take(await loadMnist({ split: 'test' }), 40);
const first = (label: number) => {
  const n = digits.labels.indexOf(label);
  return digits.images.subarray(n * 784, (n + 1) * 784);
};

/** The ink's box on a canvas (pixels > 127). */
function inkBox(c: Canvas): { x0: number; y0: number; w: number; h: number } {
  let x0 = c.size;
  let y0 = c.size;
  let x1 = -1;
  let y1 = -1;
  c.pixels.forEach((v, i) => {
    if (v <= 127) return;
    x0 = Math.min(x0, i % c.size);
    x1 = Math.max(x1, i % c.size);
    y0 = Math.min(y0, Math.floor(i / c.size));
    y1 = Math.max(y1, Math.floor(i / c.size));
  });
  return { x0, y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

test('drawDigit draws the digit as tall as asked, where asked, with the pen asked', () => {
  for (const [height, pen] of [
    [60, 10],
    [220, 20],
  ]) {
    const c = drawDigit(first(3), 3, { height, pen, at: [0, 1] }) as Canvas;
    const b = inkBox(c);
    assert.ok(Math.abs(b.h - height) <= 3, `height ${b.h}, asked ${height}`);
    assert.ok(b.x0 <= 2 && b.y0 + b.h >= CANVAS - 3, `box ${JSON.stringify(b)}`);
    // The pen: a row through the 3's middle crosses strokes about `pen` pixels wide.
    const ink = c.pixels.filter((v) => v > 127).length;
    assert.ok(ink > pen * height * 0.8, `ink ${ink} for pen ${pen}, height ${height}`);
  }
});

test('a European 1 has a flag to the left of its top, a European 7 a crossbar', () => {
  for (const label of [1, 7]) {
    const plain = drawDigit(first(label), label, {
      height: 200,
      pen: 20,
      at: [0.5, 0.5],
    }) as Canvas;
    const euro = drawDigit(first(label), label, {
      height: 200,
      pen: 20,
      at: [0.5, 0.5],
      european: true,
    }) as Canvas;
    const more =
      euro.pixels.filter((v) => v > 127).length / plain.pixels.filter((v) => v > 127).length;
    assert.ok(more > 1.1, `label ${label}: ${more}x the ink`);
    if (label === 1) {
      // The flag: ink up and to the left of where the plain 1 starts.
      const b = inkBox(plain);
      const topX = plain.pixels.findIndex((v) => v > 127) % CANVAS;
      const upLeft = (c: Canvas) =>
        c.pixels.filter((v, i) => v > 127 && i % CANVAS < topX - 25 && i / CANVAS < b.y0 + b.h / 2)
          .length;
      assert.ok(upLeft(euro) > upLeft(plain) + 500, `flag ink ${upLeft(euro)} vs ${upLeft(plain)}`);
    }
  }
  // Other digits ignore it.
  const a = drawDigit(first(3), 3, { height: 200, pen: 20, at: [0.5, 0.5], european: true });
  const b = drawDigit(first(3), 3, { height: 200, pen: 20, at: [0.5, 0.5] });
  assert.equal(a?.pixels, b?.pixels);
});

test('PNG round trip: the server reads back exactly the canvas', async () => {
  const c = drawDigit(first(5), 5, { height: 150, pen: 20, at: [0.2, 0.7] }) as Canvas;
  const { gray, width, height } = await decodePng(await encodePng(c));
  assert.is(width, CANVAS);
  assert.is(height, CANVAS);
  assert.equal(gray, c.pixels);
});

test('the drawn set is the same every run for a seed, another for another seed', async () => {
  const a = await drawnDigits(digits, 6);
  const b = await drawnDigits(digits, 6);
  const c = await drawnDigits(digits, 6, 17);
  assert.equal(
    a.map((d) => d.png),
    b.map((d) => d.png),
  );
  assert.equal(
    a.map((d) => d.label),
    Array.from(digits.labels.subarray(0, 6)),
  );
  assert.not.equal(
    a.map((d) => d.kind),
    c.map((d) => d.kind),
  );
  const ds = await toDataset(a);
  assert.is(ds.count, 6);
  assert.ok(ds.images.some((v) => v > 0));
});

test('non-digits: every kind in turn, all with ink, reproducible', async () => {
  const set = await nonDigits(digits, 8);
  assert.equal(
    set.map((d) => d.kind),
    [...NON_DIGIT_KINDS, ...NON_DIGIT_KINDS],
  );
  const ds = await toDataset(set);
  for (let n = 0; n < ds.count; n++) {
    const inked = ds.images.subarray(n * 784, (n + 1) * 784).some((v) => v > 0);
    assert.ok(inked, `${set[n].kind} ${n} has no ink`);
  }
  const again = await nonDigits(digits, 8);
  assert.equal(
    again.map((d) => d.png),
    set.map((d) => d.png),
  );
});

test.run();
