// digitnet's gpu backend on WebGL2 in headless Chromium: this process bundles ../browser/page.ts,
// opens it in a page and runs each measurement there, with the same code as every other library.
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { launchHeadless } from '../browser/chromium.js';
import type { PageBench, PlainBatch } from '../browser/page.js';
import type { ImageBatch } from '../inputs.js';
import type { Library } from './library.js';

const plain = (b: ImageBatch): PlainBatch => ({
  images: Array.from(b.images),
  labels: Array.from(b.labels),
  size: b.size,
});

async function pageBundle(): Promise<string> {
  const out = await build({
    entryPoints: [new URL('../browser/page.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    external: ['gl'],
    logLevel: 'warning',
  });
  return out.outputFiles[0].text;
}

/** Calls window.digitnetBench[method](...args) in the page (arguments travel as JSON). */
function call<K extends keyof PageBench>(
  page: Page,
  method: K,
  ...args: Parameters<PageBench[K]>
): Promise<Awaited<ReturnType<PageBench[K]>>> {
  return page.evaluate(
    ([name, params]) => {
      const bench = (
        globalThis as unknown as { digitnetBench: Record<string, (...a: unknown[]) => unknown> }
      ).digitnetBench;
      return bench[name](...params);
    },
    [method, args] as [string, unknown[]],
  ) as Promise<Awaited<ReturnType<PageBench[K]>>>;
}

/** The page's Library, driven from this process; close() shuts Chromium down. */
export async function createBrowserDigitnet(): Promise<Library> {
  const browser = await launchHeadless();
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>digitnet bench</title>');
    await page.addScriptTag({ content: await pageBundle() });
    const unavailable = await call(page, 'unavailable');
    if (unavailable)
      throw new Error(`Chromium ${browser.version()} has no usable WebGL2: ${unavailable}`);
    const renderer = await call(page, 'renderer');
    const software = renderer.includes('SwiftShader') ? ' (SwiftShader: software, no GPU)' : '';
    const notes = [
      `digitnet-gpu-webgl2: headless Chromium ${browser.version()}, WebGL2 renderer '${renderer}'${software}`,
      ...(await call(page, 'notes')),
    ];
    return {
      notes,
      kernels: (cases, budget) => call(page, 'kernels', [...cases], budget),
      train: (factor, batches, budget) => call(page, 'train', factor, batches.map(plain), budget),
      infer: (factor, batches, budget, latency) =>
        call(page, 'infer', factor, batches.map(plain), budget, latency),
      close: () => browser.close(),
    };
  } catch (err) {
    await browser.close();
    throw err;
  }
}
