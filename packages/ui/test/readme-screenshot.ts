// Writes docs/screenshot.png for the README: the app on a laptop-sized window, a few digits
// already stored, and a freshly drawn 3 with its prediction.
//   npm run screenshot --workspace packages/ui
import { join } from 'node:path';
import { REPO_ROOT } from '@digitnet/server';
import { DIGITS, drawWithMouse, launchBrowser, openApp } from './support/browser.js';
import { startStack } from './support/stack.js';

const OUT = join(REPO_ROOT, 'docs/screenshot.png');

const stack = await startStack();
const browser = await launchBrowser();
try {
  const { page } = await openApp(browser, stack.url, {
    viewport: { width: 1040, height: 800 },
    deviceScaleFactor: 1,
    colorScheme: 'light',
  });
  for (const digit of [7, 1, 0]) {
    await drawWithMouse(page, DIGITS[digit]);
    await page.keyboard.press(String(digit));
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="saved"]`).getByText(`Saved as a ${digit}`).waitFor();
  }
  await drawWithMouse(page, DIGITS[3]);
  await page.locator('.prediction:not(.stale) [data-testid="prediction"]').waitFor();
  // Let the bars finish their transition.
  await page.waitForTimeout(400);
  await page.screenshot({ path: OUT, fullPage: true });
  console.log(`wrote ${OUT} (prediction: ${await page.getByTestId('prediction').textContent()})`);
} finally {
  await browser.close();
  await stack.close();
}
