// The conformance suite in headless Chromium on WebGL2 (SwiftShader's software GL where there is
// no GPU): the page bundle is test/browser/suite-page.ts. Skips, saying why, without Chromium.
// Slow here: every case compiles its own shader programs, and SwiftShader runs them on the CPU.
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { test } from 'uvu';
import { launchChromium } from './browser/chromium.js';

interface PageSuite {
  unavailable: string | null;
  names(): string[];
  run(name: string): Promise<string | null>;
}

async function openSuite(): Promise<{ browser: Browser; page: Page } | string> {
  const bundle = await build({
    entryPoints: [new URL('./browser/suite-page.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    external: ['gl'],
    logLevel: 'warning',
  });
  const browser = await launchChromium();
  if (typeof browser === 'string') return browser;
  const page = await browser.newPage();
  page.on('console', (msg) => console.log(`[chromium] ${msg.text()}`));
  page.on('pageerror', (err) => console.log(`[chromium] page error: ${err.message}`));
  await page.setContent('<!doctype html><title>digitnet gpu conformance</title>');
  await page.addScriptTag({ content: bundle.outputFiles[0].text });
  const unavailable = await page.evaluate(
    () => (globalThis as unknown as { digitnetSuite: PageSuite }).digitnetSuite.unavailable,
  );
  if (unavailable) {
    await browser.close();
    return `Chromium has no usable WebGL2: ${unavailable}`;
  }
  return { browser, page };
}

const opened = await openSuite();
if (typeof opened === 'string') {
  console.log(`SKIP conformance on gpu.js webgl2 in Chromium: ${opened}`);
  test.skip('conformance suite on gpu.js webgl2 in headless Chromium', () => {});
} else {
  const { browser, page } = opened;
  const names = await page.evaluate(() =>
    (globalThis as unknown as { digitnetSuite: PageSuite }).digitnetSuite.names(),
  );
  for (const name of names) {
    test(name, async () => {
      const failure = await page.evaluate(
        (n) => (globalThis as unknown as { digitnetSuite: PageSuite }).digitnetSuite.run(n),
        name,
      );
      if (failure) throw new Error(failure);
    });
  }
  test.after(() => browser.close());
}
test.run();
