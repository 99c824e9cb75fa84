// The not-a-digit score stored in the served model file judges drawings in the page's engine
// worker as it does on the server: a score whose threshold flags everything turns a drawn 7, which
// core's constant calls a digit, into "that doesn't look like a digit" in the page and in
// /api/predict alike.
import { readFileSync } from 'node:fs';
import { data, io, models } from '@digitnet/core';
import type { Browser } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  type AppPage,
  DIGITS,
  drawWithMouse,
  launchBrowser,
  openApp,
  shownInput,
} from './support/browser.js';
import { testModel } from './support/model.js';
import { type Stack, startStack } from './support/stack.js';

const file = readFileSync(await testModel());
const config = models.mnistCnnConfigFromStateDict(io.decodeSafetensors(file).tensors);

// Every feature weighed, the activations' statistics plain (zero means, identity precision), and a
// threshold no logistic score stays under: what matters is that the page reads it at all.
const widths = models.activationWidths(config);
const gaussian = (d: number) => ({
  means: Array.from({ length: 10 }, () => new Array<number>(d).fill(0)),
  precision: Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => Number(i === j)),
  ),
});
const extra = data.ACTIVATION_FEATURES.length;
const SCORE: data.NotADigitModel = {
  mean: [...data.NOT_A_DIGIT.mean, ...new Array<number>(extra).fill(0)],
  std: [...data.NOT_A_DIGIT.std, ...new Array<number>(extra).fill(1)],
  weights: [...data.NOT_A_DIGIT.weights, ...new Array<number>(extra).fill(0.01)],
  bias: data.NOT_A_DIGIT.bias,
  threshold: 1e-12,
  activations: {
    conv1: gaussian(widths.conv1),
    conv2: gaussian(widths.conv2),
    fc1: gaussian(widths.fc1),
  },
};

let stack: Stack;
let browser: Browser;
let app: AppPage | undefined;

test.before(async () => {
  stack = await startStack({ notADigit: SCORE });
  browser = await launchBrowser();
});

test.after(async () => {
  await app?.close();
  await browser?.close();
  await stack?.close();
});

test('the page judges with the score stored in the served file, as /api/predict does', async () => {
  const info = (await (await fetch(`${stack.url}/api/model`)).json()) as {
    notADigit: { source: string; features: string[] };
  };
  assert.is(info.notADigit.source, 'model file');
  assert.is(info.notADigit.features.length, 12);

  app = await openApp(browser, `${stack.url}/`);
  const { page } = app;
  await page.route('**/api/predict', (route) => route.abort('connectionrefused'));
  await page.locator('[data-testid="engine"][data-state="ready"]').waitFor({ timeout: 90_000 });
  await drawWithMouse(page, DIGITS[7]);
  await page.locator('.prediction:not(.stale) [data-testid="prediction"]').waitFor();
  assert.is.not(await page.getByTestId('ran-on').getAttribute('data-backend'), 'server');
  const pixels = await shownInput(page);

  // Core's constant calls this drawing a digit; the stored score flags it, in the page and on the server.
  // (Built here, on the backend the server chose when it started.)
  const { tensors } = io.decodeSafetensors(file);
  const model = models.mnistCnn(config);
  model.loadStateDict(tensors);
  model.eval();
  const input = Uint8Array.from(pixels);
  const constant = models.predictDigit(model, input);
  assert.ok(constant.likelyDigit, `core's constant flags the 7 (score ${constant.notADigitScore})`);
  const res = await fetch(`${stack.url}/api/predict`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ pixels }),
  });
  assert.is(res.status, 200);
  const server = (await res.json()) as { likelyDigit: boolean; notADigitScore: number };
  assert.not.ok(server.likelyDigit, `the server did not flag it (score ${server.notADigitScore})`);
  const stored = models.predictDigit(model, input, SCORE);
  model.dispose();
  assert.ok(Math.abs(stored.notADigitScore - server.notADigitScore) < 1e-6);
  await page.getByTestId('not-a-digit').waitFor();
  assert.equal(app.errors, [], 'the page logged no errors');
});

test.run();
