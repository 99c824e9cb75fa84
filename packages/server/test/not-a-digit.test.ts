// The "not a digit" flag of predictions, with the bundled model the score was fitted to: a drawn
// digit passes, a dot or a scribble is flagged.
import { join } from 'node:path';
import { models } from '@digitnet/core';
import { loadSafetensors } from '@digitnet/core/node';
import sharp from 'sharp';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_LIMITS, REPO_ROOT } from '../src/config.js';
import { decodeDrawing } from '../src/images.js';
import { predictDigit } from '../src/model/predict.js';
import { drawingPng } from './support/png.js';

const { tensors } = await loadSafetensors(join(REPO_ROOT, 'models/mnist-cnn-f16.safetensors'));
const model = models.mnistCnn(models.mnistCnnConfigFromStateDict(tensors));
model.loadStateDict(tensors);
model.eval();

/** A 280x280 black canvas with white SVG shapes on it, as the page sends it. */
const canvas = (shapes: string) =>
  sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="280" height="280"><rect width="280" height="280" fill="black"/>${shapes}</svg>`,
    ),
  )
    .png()
    .toBuffer();

const predict = async (png: Buffer) =>
  predictDigit(model, (await decodeDrawing(new Uint8Array(png), DEFAULT_LIMITS)).pixels);

test('drawn digits look like digits', async () => {
  for (const digit of [0, 1, 4, 7]) {
    const p = await predict(await drawingPng({ digit }));
    assert.is(p.digit, digit);
    assert.ok(p.likelyDigit, `a drawn ${digit} was flagged (score ${p.notADigitScore})`);
  }
});

test('a dot and two digits side by side are flagged as not a digit', async () => {
  const dot = await predict(await canvas('<circle cx="140" cy="140" r="12" fill="white"/>'));
  assert.not.ok(dot.likelyDigit, `a dot read as ${dot.digit}, score ${dot.notADigitScore}`);
  const stroke = 'fill="none" stroke="white" stroke-width="14" stroke-linecap="round"';
  const pair = await predict(
    await canvas(
      `<path d="M50 90 L80 70 L80 210" ${stroke}/><path d="M140 80 L240 80 L180 210" ${stroke}/>`,
    ),
  );
  assert.not.ok(pair.likelyDigit, `"17" read as ${pair.digit}, score ${pair.notADigitScore}`);
});

test('the score is finite and the flag is the score against the fitted threshold', async () => {
  const p = await predict(await drawingPng({ digit: 7 }));
  assert.ok(Number.isFinite(p.notADigitScore));
  assert.is(p.logits.length, 10);
});

test.run();
