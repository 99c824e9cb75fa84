import sharp from 'sharp';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { asAdmin, testApp } from './support/app.js';
import { errorOf } from './support/http.js';
import { blankPng, dataUrl, drawingPng } from './support/png.js';

const t = await testApp({ limits: { pngBytes: 64 * 1024 } });
test.after(() => t.close());

const submit = (json: unknown, headers: Record<string, string> = {}) =>
  t.request('/api/submissions', { json, headers });
const count = async () => Number((await t.db`select count(*) from submissions`)[0].count);

interface Row {
  id: number;
  label: number;
  prediction: number;
  confidence: number;
  probabilities: number[];
  modelVersion: string;
  pixels: number[];
  drawingBytes: number;
  drawingWidth: number;
  drawingHeight: number;
  clientPrediction: number | null;
  clientConfidence: number | null;
  userAgent: string | null;
  client: Record<string, unknown> | null;
}

async function stored(id: number): Promise<Row> {
  const res = await t.request(`/api/submissions?cursor=${id - 1}&limit=1`, { headers: asAdmin });
  const { items } = (await res.json()) as { items: Row[] };
  assert.is(items[0]?.id, id);
  return items[0];
}

test('a submission is stored with the pixels predict computed for the same PNG', async () => {
  const png = await drawingPng({ digit: 4 });
  const predicted = (await (
    await t.request('/api/predict', {
      method: 'POST',
      headers: { 'Content-Type': 'image/png' },
      body: new Uint8Array(png),
    })
  ).json()) as { digit: number; confidence: number; probabilities: number[]; pixels: number[] };

  const res = await submit(
    {
      drawing: dataUrl(png),
      label: 4,
      prediction: predicted.digit,
      confidence: predicted.confidence,
      client: { pointerType: 'pen', devicePixelRatio: 2, strokes: 3, drawMs: 1800 },
    },
    { 'User-Agent': 'digitnet-test/1.0' },
  );
  assert.is(res.status, 201);
  const { id } = (await res.json()) as { id: number };
  assert.ok(Number.isInteger(id) && id > 0);

  const row = await stored(id);
  assert.equal(row.pixels, predicted.pixels);
  assert.is(row.label, 4);
  assert.is(row.prediction, predicted.digit);
  assert.equal(
    row.probabilities.map((p) => Math.fround(p)),
    predicted.probabilities.map((p) => Math.fround(p)),
  );
  assert.is(Math.fround(row.confidence), Math.fround(predicted.confidence));
  assert.is(row.modelVersion, t.model.current?.version);
  assert.ok(row.drawingBytes > 8 && row.drawingBytes <= png.length + 1024, `${row.drawingBytes}`);
  assert.is(row.drawingWidth, 280);
  assert.is(row.drawingHeight, 280);
  assert.is(row.clientPrediction, predicted.digit);
  assert.is(row.userAgent, 'digitnet-test/1.0');
  assert.equal(row.client, { pointerType: 'pen', devicePixelRatio: 2, strokes: 3, drawMs: 1800 });

  const image = await t.request(`/api/submissions/${id}/image.png`, { headers: asAdmin });
  assert.is(image.status, 200);
  assert.is(image.headers.get('Content-Type'), 'image/png');
  // Stored re-encoded (no ancillary chunks): the same pixels, not the same bytes.
  const back = Buffer.from(await image.arrayBuffer());
  assert.is(back.length, row.drawingBytes);
  const raw = (bytes: Buffer) => sharp(bytes).ensureAlpha().raw().toBuffer();
  assert.ok((await raw(back)).equals(await raw(png)), 'the PNG comes back with the same pixels');
});

test('prediction and confidence are optional; the server stores its own answer regardless', async () => {
  const res = await submit({ drawing: dataUrl(await drawingPng({ digit: 0 })), label: 0 });
  assert.is(res.status, 201);
  const row = await stored(((await res.json()) as { id: number }).id);
  assert.is(row.clientPrediction, null);
  assert.is(row.clientConfidence, null);
  assert.is(row.probabilities.length, 10);
  assert.is(row.confidence, row.probabilities[row.prediction]);
});

test('a label outside 0–9, missing or not a number is a 400 naming the field', async () => {
  const drawing = dataUrl(await drawingPng());
  const before = await count();
  for (const label of [10, -1, 3.5, '7', null]) {
    assert.match(await errorOf(await submit({ drawing, label }), 400), /label/);
  }
  assert.match(await errorOf(await submit({ drawing }), 400), /label/);
  assert.match(
    await errorOf(await submit({ drawing, label: 1, prediction: 12 }), 400),
    /prediction/,
  );
  assert.match(
    await errorOf(await submit({ drawing, label: 1, confidence: 1.5 }), 400),
    /confidence/,
  );
  assert.match(await errorOf(await submit({ drawing, label: 1, lable: 1 }), 400), /lable/);
  assert.is(await count(), before, 'nothing was stored');
});

test('a drawing that is not a PNG data URL, or not a PNG inside, is a 400', async () => {
  const before = await count();
  assert.match(
    await errorOf(await submit({ drawing: 'data:image/jpeg;base64,AAAA', label: 1 }), 400),
    /drawing: expected a PNG data URL/,
  );
  assert.match(await errorOf(await submit({ drawing: 42, label: 1 }), 400), /drawing/);
  const gif = `data:image/png;base64,${Buffer.from('GIF89a not a png').toString('base64')}`;
  assert.match(await errorOf(await submit({ drawing: gif, label: 1 }), 400), /not a PNG/);
  assert.is(await count(), before);
});

test('an empty drawing is a 422 and nothing is stored', async () => {
  const before = await count();
  const res = await submit({ drawing: dataUrl(await blankPng()), label: 3 });
  assert.match(await errorOf(res, 422), /the drawing is empty/);
  assert.is(await count(), before);
});

test('a drawing over the size cap is a 413', async () => {
  const sharp = (await import('sharp')).default;
  // Just over the PNG cap, yet under the body cap (base64 of the PNG cap plus room for fields).
  const noise = Buffer.from(Array.from({ length: 148 * 148 * 3 }, (_, i) => (i * 7919) % 251));
  const big = await sharp(noise, { raw: { width: 148, height: 148, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
  assert.ok(big.length > 64 * 1024 && big.length < 66 * 1024, `${big.length}`);
  assert.match(
    await errorOf(await submit({ drawing: dataUrl(big), label: 1 }), 413),
    /65536 bytes/,
  );
  const huge = `data:image/png;base64,${'A'.repeat(200_000)}`;
  assert.match(await errorOf(await submit({ drawing: huge, label: 1 }), 413), /over 91480 bytes/);
});

test('a body that is not JSON is a 415 or a 400 saying what was expected', async () => {
  const text = await t.request('/api/submissions', {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: 'label=7',
  });
  assert.match(await errorOf(text, 415), /application\/json.*"drawing"/);
  const broken = await t.request('/api/submissions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{"label": 7,',
  });
  assert.match(await errorOf(broken, 400), /not valid JSON.*expected \{ "drawing"/);
});

test.run();
