// The drawing app in real headless Chromium against the real server and PostgreSQL.
import type { Browser, Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  type AppPage,
  canvasPixels,
  DIGITS,
  drawWithMouse,
  drawWithTouch,
  launchBrowser,
  openApp,
  screenshot,
} from './support/browser.js';
import { type Stack, startStack } from './support/stack.js';

const test = suite('ui');
let stack: Stack;
let browser: Browser;
const opened: AppPage[] = [];

test.before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
});

test.after(async () => {
  await browser?.close();
  await stack?.close();
});

test.after.each(async () => {
  for (const app of opened.splice(0)) {
    assert.equal(app.errors, [], 'the page logged no errors');
    await app.close();
  }
});

async function open(options?: Parameters<typeof openApp>[2], path = '/'): Promise<Page> {
  const app = await openApp(browser, `${stack.url}${path}`, options);
  opened.push(app);
  return app.page;
}

/** The predicted digit once the prediction for the current drawing has landed. */
async function predicted(page: Page): Promise<string> {
  await page.locator('.prediction:not(.stale) [data-testid="prediction"]').waitFor();
  return (await page.getByTestId('prediction').textContent()) ?? '';
}

/** Waits for a confirmation newer than the one with id `after`, and returns the stored id. */
async function saved(page: Page, after = 0): Promise<number> {
  const notice = page.locator(`[data-testid="saved"]:not([data-id="${after}"])`);
  return Number(await notice.getAttribute('data-id'));
}

interface Row {
  label: number;
  prediction: number;
  client_prediction: number | null;
  pointer: string | null;
  png: boolean;
}

async function row(id: number): Promise<Row | undefined> {
  const [found] = await stack.server.db<Row[]>`
    select label, prediction, client_prediction, client->>'pointerType' as pointer,
      substring(drawing from 1 for 8) = '\\x89504e470d0a1a0a'::bytea as png
    from submissions where id = ${id}`;
  return found;
}

test('first load: an empty black canvas at the device pixel ratio, ten empty bars', async () => {
  const page = await open({ deviceScaleFactor: 2 });
  assert.equal(await canvasPixels(page), { width: 560, height: 560, ink: 0 });
  assert.is(await page.getByTestId('probabilities').locator('li').count(), 10);
  assert.is(await page.getByTestId('prediction').count(), 0);
  assert.ok(await page.getByTestId('submit').isDisabled(), 'nothing to submit yet');
  await page.getByTestId('stats-total').waitFor();
  await screenshot(page, 'empty');
});

test('a drawn 1 is read live; Submit stores it in PostgreSQL and resets the canvas', async () => {
  const page = await open();
  await drawWithMouse(page, DIGITS[1]);
  assert.is(await predicted(page), '1');
  assert.match((await page.getByTestId('confidence').textContent()) ?? '', /^>?\d{1,3}\.\d%$/);
  const bars = page.getByTestId('probabilities').locator('li');
  assert.is(await bars.count(), 10);
  const probabilities = await Promise.all(
    Array.from({ length: 10 }, async (_, d) =>
      Number(await bars.nth(d).getAttribute('data-probability')),
    ),
  );
  assert.ok(Math.abs(probabilities.reduce((a, b) => a + b, 0) - 1) < 1e-3, 'they sum to 1');
  assert.is(probabilities.indexOf(Math.max(...probabilities)), 1, 'the tallest bar is the 1');
  const input = await page.evaluate(`(() => {
    const img = document.querySelector('[data-testid="model-input"]');
    return [img.naturalWidth, img.naturalHeight];
  })()`);
  assert.equal(input, [28, 28], 'the 28x28 image the model saw');
  assert.is(await page.getByTestId('label-1').getAttribute('aria-pressed'), 'true', 'pre-selected');
  await screenshot(page, 'one-predicted');

  await page.getByTestId('submit').click();
  const id = await saved(page);
  assert.equal(await row(id), {
    label: 1,
    prediction: 1,
    client_prediction: 1,
    pointer: 'mouse',
    png: true,
  });
  assert.is((await canvasPixels(page)).ink, 0, 'the canvas is ready for the next digit');
  assert.is(await page.getByTestId('prediction').count(), 0);
  assert.is(await page.getByTestId('history').locator('tbody tr').count(), 1);
  const [{ total }] = await stack.server.db<
    { total: number }[]
  >`select count(*)::int as total from submissions`;
  await page
    .getByText(String(total), { exact: true })
    .and(page.getByTestId('stats-total'))
    .waitFor();
  await screenshot(page, 'one-saved');
});

test('a drawn 7, labelled and submitted from the keyboard', async () => {
  const page = await open();
  await drawWithMouse(page, DIGITS[7]);
  assert.is(await predicted(page), '7');
  await page.keyboard.press('3');
  assert.is(await page.getByTestId('label-3').getAttribute('aria-pressed'), 'true');
  assert.is(await page.getByTestId('label-7').getAttribute('aria-pressed'), 'false');
  await page.keyboard.press('7');
  assert.is(await page.getByTestId('label-7').getAttribute('aria-pressed'), 'true');
  await page.keyboard.press('Enter');
  const id = await saved(page);
  const stored = await row(id);
  assert.is(stored?.label, 7);
  assert.is(stored?.prediction, 7);
  assert.is((await canvasPixels(page)).ink, 0);
});

test('Esc and Backspace clear; Undo removes the last stroke; Clear empties the canvas', async () => {
  const page = await open();
  for (const key of ['Escape', 'Backspace']) {
    await drawWithMouse(page, DIGITS[1]);
    await predicted(page);
    await page.keyboard.press(key);
    assert.is((await canvasPixels(page)).ink, 0, `${key} cleared the pixels`);
    assert.is(await page.getByTestId('prediction').count(), 0, `${key} cleared the prediction`);
  }

  await drawWithMouse(page, DIGITS[1]);
  const one = (await canvasPixels(page)).ink;
  await drawWithMouse(page, [
    [
      [90, 140],
      [210, 140],
    ],
  ]);
  const two = (await canvasPixels(page)).ink;
  assert.ok(two > one, 'the second stroke added ink');
  await page.getByTestId('undo').click();
  assert.is((await canvasPixels(page)).ink, one, 'Undo removed exactly the last stroke');
  await page.keyboard.press('Control+z');
  assert.is((await canvasPixels(page)).ink, 0, 'Ctrl+Z undid the first stroke too');

  await drawWithMouse(page, DIGITS[7]);
  await predicted(page);
  await page.getByTestId('label-2').click();
  await page.getByTestId('clear').click();
  assert.is((await canvasPixels(page)).ink, 0, 'Clear really clears');
  assert.is(await page.getByTestId('prediction').count(), 0);
  assert.is(await page.locator('[data-testid^="label-"][aria-pressed="true"]').count(), 0);
  assert.ok(await page.getByTestId('submit').isDisabled());
});

test('the server unreachable: the prediction error is shown, and drawing on recovers', async () => {
  // The server's path: in-page inference would read the drawing without it (test/engine.test.ts).
  const page = await open(undefined, '/?engine=server');
  await page.route('**/api/predict', (route) => route.abort('connectionrefused'));
  await drawWithMouse(page, DIGITS[1]);
  await page
    .getByRole('alert')
    .getByText(/Can't read your drawing right now: the server can't be reached/)
    .waitFor();
  await page.unroute('**/api/predict');
  await drawWithMouse(page, [
    [
      [150, 235],
      [150, 240],
    ],
  ]);
  assert.is(await predicted(page), '1');
  assert.is(await page.getByRole('alert').count(), 0, 'the error is gone');
});

test('the database down: Submit says so plainly, keeps the drawing, and Retry stores it', async () => {
  const embedded = stack.server.embedded;
  assert.ok(embedded, 'the server runs an embedded PostgreSQL');
  const page = await open();
  await drawWithMouse(page, DIGITS[7]);
  await predicted(page);
  await embedded.stop();
  try {
    await page.getByTestId('submit').click();
    await page
      .getByTestId('submit-error')
      .getByText(/Your 7 was not saved: the service is unavailable for a moment/)
      .waitFor();
    assert.ok((await canvasPixels(page)).ink > 0, 'the drawing is kept');
    await screenshot(page, 'database-down');
  } finally {
    await embedded.start();
  }
  await page.getByRole('button', { name: 'Retry' }).click();
  const id = await saved(page);
  assert.is((await row(id))?.label, 7);
});

test('a phone (375x667, touch, dark): no sideways scrolling, finger drawing, submit', async () => {
  const page = await open({
    viewport: { width: 375, height: 667 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    colorScheme: 'dark',
  });
  const width = await page.evaluate('document.documentElement.scrollWidth');
  assert.ok(Number(width) <= 375, `the page is ${width} px wide`);
  const canvas = await page.getByTestId('canvas').boundingBox();
  assert.ok(canvas && canvas.x >= 0 && canvas.x + canvas.width <= 375, 'the canvas fits');
  assert.is(canvas?.width, 280);
  for (const digit of [0, 9]) {
    const box = await page.getByTestId(`label-${digit}`).boundingBox();
    assert.ok(box && box.height >= 44 && box.width >= 44, 'digit buttons are finger-sized');
  }
  await drawWithTouch(page, DIGITS[7]);
  assert.equal((await canvasPixels(page)).width, 560);
  assert.is(await predicted(page), '7');
  const digit = await page.getByTestId('prediction').boundingBox();
  assert.ok(digit && digit.y + digit.height <= 667, 'the prediction shows without scrolling');
  await screenshot(page, 'phone');
  await page.getByTestId('submit').tap();
  const id = await saved(page);
  assert.is((await row(id))?.pointer, 'touch');
  await screenshot(page, 'phone-saved');
});

test("the session's history keeps the last 10, newest first", async () => {
  const page = await open();
  let last = 0;
  for (let i = 0; i < 11; i++) {
    await drawWithMouse(page, DIGITS[i % 2 === 0 ? 1 : 7]);
    await page.keyboard.press('Enter');
    last = await saved(page, last);
  }
  const rows = page.getByTestId('history').locator('tbody tr');
  assert.is(await rows.count(), 10);
  assert.is(await rows.first().locator('img').getAttribute('alt'), `Drawing #${last}`);
  await screenshot(page, 'history');
});

test.run();
