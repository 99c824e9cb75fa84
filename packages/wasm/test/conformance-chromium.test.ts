// Core's conformance suite on the wasm backend inside headless Chromium (Debian's, driven by
// playwright-core): on one thread, and on three Web Workers over a shared memory, the page being
// served with the cross-origin isolation headers that SharedArrayBuffer needs. The page bundle is
// test/browser/suite-page.ts. Skips, saying why, without Chromium.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultWasmUrl, SHARED_WASM_FILE, WASM_FILE } from '../src/index.js';

const CHROMIUM = '/usr/bin/chromium';

/** Evaluates `call` on the page's window.digitnetSuite (suite-page.ts), e.g. 'names()'. */
const inPage = <T>(page: Page, call: string): Promise<T> =>
  page.evaluate(`globalThis.digitnetSuite.${call}`) as Promise<T>;

/** Serves the page, its bundle and the two modules on a free port, cross-origin isolated. */
async function serve(): Promise<Server> {
  const bundle = await build({
    entryPoints: [new URL('./browser/suite-page.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    logLevel: 'error',
  });
  const files: Record<string, [string, string | Uint8Array]> = {
    '/': ['text/html', '<!doctype html><title>digitnet wasm conformance</title>'],
    '/suite.js': ['text/javascript', bundle.outputFiles[0].text],
    [`/${WASM_FILE}`]: ['application/wasm', readFileSync(defaultWasmUrl(WASM_FILE))],
    [`/${SHARED_WASM_FILE}`]: ['application/wasm', readFileSync(defaultWasmUrl(SHARED_WASM_FILE))],
  };
  const server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': file[0],
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    res.end(file[1]);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return server;
}

async function open(): Promise<{ browser: Browser; page: Page; server: Server } | string> {
  if (!existsSync(CHROMIUM)) return `no ${CHROMIUM} (apt-get install chromium)`;
  const server = await serve();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage();
  page.on('pageerror', (err) => console.log(`[chromium] page error: ${err.message}`));
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.addScriptTag({ url: '/suite.js', type: 'module' });
  await page.waitForFunction(() => 'digitnetSuite' in globalThis);
  return { browser, page, server };
}

const opened = await open();
if (typeof opened === 'string') {
  console.log(`SKIP the wasm conformance suite in Chromium: ${opened}`);
  test.skip('conformance suite on wasm in headless Chromium', () => {});
} else {
  const { browser, page, server } = opened;
  const noThreads = await inPage<string | null>(page, 'start()');
  test('the page is cross-origin isolated, so the backend runs on 3 Web Workers', async () => {
    assert.is(noThreads, null);
    assert.is(await inPage<number>(page, 'threads()'), 3);
  });
  for (const name of await inPage<string[]>(page, 'names()')) {
    test(`chromium, ${name}`, async () => {
      const failure = await inPage<string | null>(page, `run(${JSON.stringify(name)})`);
      if (failure) throw new Error(failure);
    });
  }
  test('the threaded run split kernels across its workers', async () => {
    assert.ok((await inPage<number>(page, 'parallelRuns()')) > 0);
  });
  test.after(async () => {
    await browser.close();
    server.close();
  });
}
test.run();
