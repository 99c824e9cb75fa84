// Prints what the in-page engine measured at start-up (each backend's median time for one
// drawing) and the time the page waited for each reading, for the README, over a few page loads.
//   npm run engine-timings --workspace packages/ui [-- loads]
import { DIGITS, drawWithMouse, launchBrowser, openApp } from './support/browser.js';
import { startStack } from './support/stack.js';

const loads = Number(process.argv[2] ?? 3);
const stack = await startStack();
const browser = await launchBrowser();
try {
  for (let i = 0; i < loads; i++) {
    const started = performance.now();
    const app = await openApp(browser, stack.url);
    const { page } = app;
    await page.locator('[data-testid="engine"][data-state="ready"]').waitFor({ timeout: 120_000 });
    const ready = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `load ${i + 1}: ready after ${ready} s: ${await page.getByTestId('engine').textContent()}`,
    );
    const waits: string[] = [];
    for (const digit of [1, 7, 0, 3]) {
      await drawWithMouse(page, DIGITS[digit]);
      await page.locator('.prediction:not(.stale) [data-testid="prediction"]').waitFor();
      waits.push((await page.getByTestId('ran-on').textContent()) ?? '');
      await page.keyboard.press('Escape');
    }
    console.log(`  last reading of each of four digits: ${waits.join('; ')}`);
    // The WebGL2 trial runs in a worker of its own; its result joins the line when it is in.
    await page.waitForFunction(
      `/WebGL2/.test(document.querySelector('[data-testid="engine"]').textContent)`,
      undefined,
      { timeout: 120_000 },
    );
    console.log(`  then: ${await page.getByTestId('engine').textContent()}`);
    await app.close();
  }
} finally {
  await browser.close();
  await stack.close();
}
