import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { models } from '@digitnet/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { asAdmin, testApp } from './support/app.js';
import { errorOf } from './support/http.js';
import { writeModel } from './support/model.js';
import { drawingPng } from './support/png.js';

const t = await testApp();
test.after(() => t.close());

interface ModelInfo {
  version: string;
  file: string;
  parameters: number;
  testAccuracy: number | null;
  trainedAt: string | null;
  architecture: { name: string; config: { factor: number }; stateDict: unknown[] };
}

const info = async (app = t) => {
  const res = await app.request('/api/model');
  assert.is(res.status, 200);
  return (await res.json()) as ModelInfo;
};
const reload = () => t.request('/api/model/reload', { method: 'POST', headers: asAdmin });
const predict = async (png: Buffer) =>
  t.request('/api/predict', {
    method: 'POST',
    headers: { 'Content-Type': 'image/png' },
    body: new Uint8Array(png),
  });

test('GET /api/model: version, architecture, parameter count and test accuracy from the card', async () => {
  const m = await info();
  assert.match(m.version, /^test-cnn@[0-9a-f]{8}$/);
  assert.is(m.file, 'test-cnn.safetensors');
  assert.is(m.parameters, models.mnistCnn({ factor: 4 }).numParameters());
  assert.is(m.architecture.name, 'mnist-cnn');
  assert.is(m.architecture.config.factor, 4);
  assert.is(m.testAccuracy, 0.1);
  assert.is(m.trainedAt, '2026-01-01T00:00:00.000Z');
});

test('without a card the model still serves; test accuracy is null', async () => {
  const bare = await testApp({ db: t.db });
  await rm(join(bare.dir, 'test-cnn.json'));
  await bare.model.reload();
  const m = await info(bare);
  assert.is(m.testAccuracy, null);
  assert.is(m.trainedAt, null);
});

test('reload swaps in the new file; requests during the swap all answer, with either version', async () => {
  const png = await drawingPng({ digit: 7 });
  const before = (await info()).version;
  await writeModel(t.dir, { seed: 99, testAccuracy: 0.2 });
  const during = Array.from({ length: 12 }, () => predict(png));
  const swapped = reload();
  during.push(...Array.from({ length: 12 }, () => predict(png)));
  const res = await swapped;
  assert.is(res.status, 200);
  const body = (await res.json()) as { version: string; previousVersion: string; changed: boolean };
  assert.is(body.previousVersion, before);
  assert.is.not(body.version, before);
  assert.is(body.changed, true);
  for (const r of await Promise.all(during)) {
    assert.is(r.status, 200);
    const { modelVersion } = (await r.json()) as { modelVersion: string };
    assert.ok([before, body.version].includes(modelVersion), modelVersion);
  }
  const after = (await (await predict(png)).json()) as { modelVersion: string };
  assert.is(after.modelVersion, body.version);
  assert.is((await info()).testAccuracy, 0.2);
});

test('a reload of a broken file is a 422 and the current model keeps serving', async () => {
  const current = (await info()).version;
  await writeFile(t.config.modelPath, 'not safetensors');
  const res = await reload();
  const error = await errorOf(res, 422);
  assert.match(error, /could not load the model/);
  assert.match(error, new RegExp(`still serving ${current.replace(/[@]/g, '\\$&')}`));
  assert.is((await info()).version, current);
  assert.is((await predict(await drawingPng())).status, 200);
});

test('started without a model: 503s until a reload finds one', async () => {
  const bare = await testApp({ db: t.db, loadModel: false });
  await rm(bare.config.modelPath);
  await bare.model.reload().catch(() => {});
  assert.match(await errorOf(await bare.request('/api/model'), 503), /no model is loaded/);
  await writeModel(bare.dir);
  const res = await bare.request('/api/model/reload', { method: 'POST', headers: asAdmin });
  assert.is(res.status, 200);
  assert.is(((await res.json()) as { previousVersion: string | null }).previousVersion, null);
  assert.is((await info(bare)).file, 'test-cnn.safetensors');
});

test.run();
