import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { testApp } from './support/app.js';
import { errorOf } from './support/http.js';
import { blankPng, drawingPng } from './support/png.js';

const t = await testApp({ limits: { pngBytes: 64 * 1024, imagePixels: 1024 * 1024 } });
test.after(() => t.close());

const png = (body: Uint8Array) =>
  t.request('/api/predict', {
    method: 'POST',
    headers: { 'Content-Type': 'image/png' },
    body: new Uint8Array(body),
  });

interface PredictBody {
  digit: number;
  confidence: number;
  probabilities: number[];
  pixels: number[];
  modelVersion: string;
  ms: number;
  likelyDigit: boolean;
  notADigitScore: number;
}

test('a PNG of the canvas: the digit, ten probabilities, the 28x28 input, the model version', async () => {
  const res = await png(await drawingPng({ digit: 7 }));
  assert.is(res.status, 200);
  const body = (await res.json()) as PredictBody;
  assert.is(body.probabilities.length, 10);
  assert.ok(Math.abs(body.probabilities.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  assert.is(body.digit, body.probabilities.indexOf(Math.max(...body.probabilities)));
  assert.is(body.confidence, body.probabilities[body.digit]);
  assert.is(body.pixels.length, 784);
  assert.ok(body.pixels.every((v) => Number.isInteger(v) && v >= 0 && v <= 255));
  assert.ok(
    body.pixels.some((v) => v > 200),
    'the ink survives the transform',
  );
  assert.is(body.modelVersion, t.model.current?.version);
  assert.match(body.modelVersion, /^test-cnn@[0-9a-f]{8}$/);
  assert.type(body.ms, 'number');
  assert.type(body.likelyDigit, 'boolean');
  assert.ok(Number.isFinite(body.notADigitScore));
});

test('784 pixels as JSON give the same answer as the PNG they came from', async () => {
  const fromPng = (await (await png(await drawingPng({ digit: 4 }))).json()) as PredictBody;
  const res = await t.request('/api/predict', { json: { pixels: fromPng.pixels } });
  assert.is(res.status, 200);
  const fromJson = (await res.json()) as PredictBody;
  assert.equal(fromJson.pixels, fromPng.pixels);
  assert.equal(fromJson.probabilities, fromPng.probabilities);
  assert.is(fromJson.digit, fromPng.digit);
});

test('transparent and greyscale PNGs decode to the same input as an opaque RGB one', async () => {
  const opaque = (await (await png(await drawingPng({ digit: 1 }))).json()) as PredictBody;
  const clear = (await (
    await png(await drawingPng({ digit: 1, transparent: true }))
  ).json()) as PredictBody;
  const grey = (await (
    await png(await drawingPng({ digit: 1, grey: true }))
  ).json()) as PredictBody;
  assert.equal(clear.pixels, opaque.pixels);
  assert.equal(grey.pixels, opaque.pixels);
});

test('a different content type is refused with 415 naming both accepted ones', async () => {
  const res = await t.request('/api/predict', {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: 'seven',
  });
  const error = await errorOf(res, 415);
  assert.match(error, /image\/png/);
  assert.match(error, /application\/json/);
  assert.match(error, /text\/plain/);
  assert.match(await errorOf(await t.request('/api/predict', { method: 'POST' }), 415), /none/);
});

test('bytes that are not a PNG, or a truncated PNG, are a 400', async () => {
  assert.match(await errorOf(await png(new TextEncoder().encode('GIF89a....')), 400), /not a PNG/);
  const whole = await drawingPng();
  assert.match(await errorOf(await png(whole.subarray(0, 100)), 400), /PNG could not be/);
  assert.match(await errorOf(await png(new Uint8Array(0)), 400), /empty/);
});

test('a PNG over the byte cap or the pixel cap is a 413', async () => {
  const noisy = await import('sharp').then(({ default: sharp }) =>
    sharp(Buffer.from(Array.from({ length: 300 * 300 * 3 }, (_, i) => (i * 7919) % 251)), {
      raw: { width: 300, height: 300, channels: 3 },
    })
      .png({ compressionLevel: 0 })
      .toBuffer(),
  );
  assert.ok(noisy.length > 64 * 1024);
  assert.match(await errorOf(await png(noisy), 413), /65536 bytes/);
  const huge = await drawingPng({ width: 1100, height: 1100 });
  assert.ok(huge.length < 64 * 1024);
  assert.match(await errorOf(await png(huge), 413), /1100x1100 pixels/);
});

test('an empty drawing is a 422, as PNG or as pixels', async () => {
  assert.match(await errorOf(await png(await blankPng()), 422), /the drawing is empty/);
  const zeros = new Array(784).fill(0);
  const res = await t.request('/api/predict', { json: { pixels: zeros } });
  assert.match(await errorOf(res, 422), /the drawing is empty/);
});

test('malformed JSON and wrong pixel arrays are a 400 that shows the expected shape', async () => {
  const bad = await t.request('/api/predict', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{"pixels": [1, 2,',
  });
  assert.match(await errorOf(bad, 400), /not valid JSON.*expected \{ "pixels"/);
  const short = await t.request('/api/predict', { json: { pixels: [1, 2, 3] } });
  assert.match(await errorOf(short, 400), /pixels: expected exactly 784 values/);
  const pixels = new Array(784).fill(0);
  pixels[5] = 256;
  pixels[6] = 1.5;
  const out = await t.request('/api/predict', { json: { pixels } });
  const error = await errorOf(out, 400);
  assert.match(error, /pixels\.5: expected 0–255/);
  assert.match(error, /pixels\.6: expected an integer/);
  assert.match(await errorOf(await t.request('/api/predict', { json: [1, 2] }), 400), /expected/);
});

test('a JSON body over its cap is a 413', async () => {
  const res = await t.request('/api/predict', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ pixels: new Array(784).fill(0), pad: 'x'.repeat(70_000) }),
  });
  assert.match(await errorOf(res, 413), /65536 bytes/);
});

test('predictions do not allocate tensors that outlive the request', async () => {
  const { getBackend } = await import('@digitnet/core');
  const body = await drawingPng({ digit: 0 });
  await png(body);
  const before = getBackend().memory();
  for (let i = 0; i < 5; i++) assert.is((await png(body)).status, 200);
  const after = getBackend().memory();
  assert.equal(after, before);
});

test('without a model, predictions are a 503 saying which file was expected', async () => {
  const bare = await testApp({ loadModel: false, db: t.db });
  const res = await bare.request('/api/predict', {
    method: 'POST',
    headers: { 'Content-Type': 'image/png' },
    body: new Uint8Array(await drawingPng()),
  });
  assert.match(await errorOf(res, 503), /no model is loaded.*test-cnn\.safetensors/);
});

test.run();
