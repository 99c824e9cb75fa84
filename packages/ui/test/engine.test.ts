// The in-page engine in real headless Chromium against the real server and PostgreSQL: predictions
// without /api/predict, the browser agreeing with the server, and the page working while the
// server is away (service worker, IndexedDB outbox, idempotent submissions).
import type { Browser, Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  type AppPage,
  DIGITS,
  drawWithMouse,
  launchBrowser,
  openApp,
  type Pt,
  shownInput,
} from './support/browser.js';
import { type Stack, startStack } from './support/stack.js';

const test = suite('engine');
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

async function open(path = '/'): Promise<Page> {
  const app = await openApp(browser, `${stack.url}${path}`);
  opened.push(app);
  return app.page;
}

/** Waits for the in-page engine to be ready; returns the backend it chose. */
async function engineReady(page: Page): Promise<string> {
  await page.locator('[data-testid="engine"][data-state="ready"]').waitFor({ timeout: 90_000 });
  return (await page.getByTestId('engine-backend').textContent()) ?? '';
}

/** Waits for the reading of the current drawing; returns where it ran. */
async function reading(page: Page): Promise<{ digit: string; ranOn: string }> {
  await page.locator('.prediction:not(.stale) [data-testid="prediction"]').waitFor();
  return {
    digit: (await page.getByTestId('prediction').textContent()) ?? '',
    ranOn: (await page.getByTestId('ran-on').getAttribute('data-backend')) ?? '',
  };
}

/** The ten probabilities the page shows, at full precision. */
async function shownProbabilities(page: Page): Promise<number[]> {
  const bars = page.getByTestId('probabilities').locator('li');
  return Promise.all(
    Array.from({ length: 10 }, async (_, d) =>
      Number(await bars.nth(d).getAttribute('data-probability')),
    ),
  );
}

/** Waits for a confirmation newer than the one with id `after`, and returns the stored id. */
async function saved(page: Page, after = 0): Promise<number> {
  const notice = page.locator(`[data-testid="saved"]:not([data-id="${after}"])`);
  return Number(await notice.getAttribute('data-id'));
}

/** Waits for a "kept in this browser" notice newer than `after`; returns its client id. */
async function queued(page: Page, after = ''): Promise<string> {
  const notice = page.locator(`[data-testid="queued"]:not([data-client-id="${after}"])`);
  return (await notice.getAttribute('data-client-id')) ?? '';
}

const TWO: Pt[][] = [
  [
    [82, 95],
    [120, 55],
    [178, 58],
    [196, 105],
    [150, 165],
    [88, 228],
    [212, 226],
  ],
];

test('with /api/predict blocked, drawing is read live in the page, which names its backend', async () => {
  const page = await open();
  let asked = 0;
  await page.route('**/api/predict', (route) => {
    asked++;
    return route.abort('connectionrefused');
  });
  const backend = await engineReady(page);
  assert.ok(['WebAssembly', 'WebGL2', 'JS'].includes(backend), backend);
  await drawWithMouse(
    page,
    DIGITS[7].map((s) => s.slice(0, 3)),
  );
  const partial = await reading(page);
  await drawWithMouse(page, [DIGITS[7][0].slice(2)]);
  const whole = await reading(page);
  assert.is(whole.digit, '7');
  for (const r of [partial, whole]) assert.ok(['wasm', 'webgl2', 'cpu'].includes(r.ranOn), r.ranOn);
  assert.match(
    (await page.getByTestId('ran-on').textContent()) ?? '',
    /^Read in this page \((WebAssembly|WebGL2|JS)\) in \d+(\.\d)? ms$/,
  );
  assert.is(await page.getByRole('alert').count(), 0, 'no error shown');
  assert.is(asked, 0, 'the server was never asked');
});

test('WebGL2 is timed once: where it lost, the next visit remembers instead of timing it again', async () => {
  const page = await open();
  await engineReady(page);
  const engine = page.getByTestId('engine');
  await engine.getByText(/WebGL2 (\d|unavailable)/).waitFor({ timeout: 120_000 });
  const first = (await engine.textContent()) ?? '';
  assert.not.match(first, /an earlier visit/);
  // Where WebGL2 won, the page uses it and times it again next visit: nothing to remember.
  if ((await page.getByTestId('engine-backend').textContent()) === 'WebGL2') return;
  await page.reload();
  await engineReady(page);
  await engine.getByText(/WebGL2 .*\(an earlier visit\)/).waitFor();
});

test('for five drawings the page and POST /api/predict agree: the same input, probabilities within 1e-4', async () => {
  const page = await open();
  await page.route('**/api/predict', (route) => route.abort('connectionrefused'));
  await engineReady(page);
  let last = 0;
  for (const strokes of [DIGITS[1], DIGITS[7], DIGITS[0], DIGITS[3], TWO]) {
    await drawWithMouse(page, strokes);
    const { ranOn } = await reading(page);
    assert.is.not(ranOn, 'server');
    const probabilities = await shownProbabilities(page);
    const input = await shownInput(page);
    // Submitting stores the PNG the server would have been sent; /api/predict reads it back.
    await page.keyboard.press('Enter');
    last = await saved(page, last);
    const [row] = await stack.server.db<{ drawing: Buffer }[]>`
      select drawing from submissions where id = ${last}`;
    const res = await fetch(`${stack.url}/api/predict`, {
      method: 'POST',
      headers: { 'Content-Type': 'image/png' },
      body: new Uint8Array(row.drawing),
    });
    assert.is(res.status, 200);
    const server = (await res.json()) as {
      probabilities: number[];
      pixels: number[];
      likelyDigit: boolean;
      notADigitScore: number;
    };
    assert.equal(input, server.pixels, 'the same 28x28 input');
    const worst = Math.max(...probabilities.map((p, d) => Math.abs(p - server.probabilities[d])));
    assert.ok(worst <= 1e-4, `probabilities differ by ${worst} (${ranOn})`);
    // The same not-a-digit verdict, from the score the served file carries (or core's).
    const flagged = (await page.getByTestId('not-a-digit').count()) > 0;
    assert.is(flagged, !server.likelyDigit, `not-a-digit score ${server.notADigitScore}`);
  }
});

test('server stopped after the first load: a reload works offline, two queued submissions arrive exactly once', async () => {
  const page = await open();
  await engineReady(page);
  // The service worker has kept the page, the engine and the weights.
  await page.waitForFunction(
    `navigator.serviceWorker.controller !== null &&
      caches.match('/api/model/weights').then((r) => r !== undefined)`,
  );
  await stack.stop();
  let restarted = false;
  try {
    await page.reload();
    await page.getByTestId('canvas').waitFor();
    await engineReady(page);
    const ids: string[] = [];
    for (const digit of [7, 1]) {
      await drawWithMouse(page, DIGITS[digit]);
      const r = await reading(page);
      assert.is(r.digit, String(digit));
      assert.is.not(r.ranOn, 'server');
      await page.keyboard.press('Enter');
      ids.push(await queued(page, ids[ids.length - 1]));
    }
    assert.is(await page.getByTestId('outbox').getAttribute('data-count'), '2');
    await stack.restart();
    restarted = true;
    await page.getByTestId('outbox').waitFor({ state: 'detached', timeout: 30_000 });
    const rows = await stack.server.db<{ client_id: string; label: number }[]>`
      select client_id, label from submissions where client_id in ${stack.server.db(ids)}
      order by id`;
    assert.equal(
      rows.map((r) => [r.client_id, r.label]),
      [
        [ids[0], 7],
        [ids[1], 1],
      ],
    );
  } finally {
    if (!restarted) await stack.restart();
  }
});

test('a submission whose answer was lost is sent again and still stored once', async () => {
  const page = await open();
  await engineReady(page);
  let first = true;
  await page.route('**/api/submissions', async (route) => {
    if (!first) return route.continue();
    first = false;
    // The server stores it; the page never hears back.
    await route.fetch();
    await route.abort('connectionreset');
  });
  await drawWithMouse(page, DIGITS[0]);
  await reading(page);
  await page.getByTestId('label-0').click();
  await page.keyboard.press('Enter');
  const clientId = await queued(page);
  await page.getByTestId('outbox').waitFor({ state: 'detached', timeout: 30_000 });
  const rows = await stack.server.db`select id from submissions where client_id = ${clientId}`;
  assert.is(rows.length, 1, 'stored once');
});

test.run();
