// dist/browser.js, the bundle the drawing app loads, in headless Chromium: it registers 'gpu',
// auto picks webgl2, and the seed CNN's eval logits there match the CPU backend's.
import { existsSync, readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launchChromium } from './browser/chromium.js';

const BUNDLE = new URL('../dist/browser.js', import.meta.url).pathname;

// The page: core as an ES module (an import map names it), then the bundle under test.
const PAGE = `<!doctype html>
<script type="importmap">{"imports":{"@digitnet/core":"/core.js"}}</script>
<script type="module">
import { manualSeed, models, noGrad, randn, setBackend } from '@digitnet/core';
import '/browser.js';
try {
  manualSeed(1);
  const model = models.mnistCnn({ factor: 8 });
  model.eval();
  const x = randn([4, 1, 28, 28]);
  const want = Array.from(noGrad(() => model.forward(x)).dataSync());
  const mode = setBackend('gpu').mode;
  const onGpu = models.mnistCnn({ factor: 8 });
  onGpu.loadStateDict(model.stateDict());
  onGpu.eval();
  const got = Array.from(noGrad(() => onGpu.forward(x.to('gpu'))).dataSync());
  window.outcome = { mode, got, want };
} catch (err) {
  window.outcome = { error: String(err && err.stack) };
}
</script>`;

interface Outcome {
  mode?: string;
  got?: number[];
  want?: number[];
  error?: string;
}

test('dist/browser.js runs the seed CNN on WebGL2 in Chromium, matching the CPU backend', async () => {
  if (!existsSync(BUNDLE)) {
    console.log(`SKIP browser bundle test: no ${BUNDLE} (npm run build first)`);
    return;
  }
  const browser = await launchChromium();
  if (typeof browser === 'string') {
    console.log(`SKIP browser bundle test: ${browser}`);
    return;
  }
  try {
    const core = await build({
      entryPoints: [new URL('../../core/src/index.ts', import.meta.url).pathname],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      logLevel: 'warning',
    });
    const files: Record<string, string> = {
      '/index.html': PAGE,
      '/core.js': core.outputFiles[0].text,
      '/browser.js': readFileSync(BUNDLE, 'utf8'),
    };
    const page = await browser.newPage();
    await page.route('http://digitnet.test/**', (route) => {
      const path = new URL(route.request().url()).pathname;
      const type = path.endsWith('.html') ? 'text/html' : 'text/javascript';
      return route.fulfill({ body: files[path], contentType: type });
    });
    await page.goto('http://digitnet.test/index.html');
    await page.waitForFunction(() => 'outcome' in globalThis, null, { timeout: 60_000 });
    const outcome = (await page.evaluate(
      () => (globalThis as { outcome?: unknown }).outcome,
    )) as Outcome;
    assert.is(outcome.error, undefined, outcome.error);
    assert.is(outcome.mode, 'webgl2');
    const { got = [], want = [] } = outcome;
    assert.is(got.length, 40);
    got.forEach((v, i) => {
      assert.ok(
        Math.abs(v - want[i]) <= 1e-5 + 1e-4 * Math.abs(want[i]),
        `logit ${i}: ${v} vs ${want[i]}`,
      );
    });
  } finally {
    await browser.close();
  }
});

test.run();
