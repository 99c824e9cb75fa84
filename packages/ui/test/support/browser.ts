// Headless Chromium (Debian's package, driven by playwright-core) and what the tests do in a page:
// draw with the mouse or a finger, read the canvas, save screenshots.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@digitnet/server';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/** Where screenshots go: test-artifacts/ui at the repository root (gitignored). */
export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts/ui');

/** A point in the canvas's own 280x280 coordinates. */
export type Pt = readonly [number, number];

/** Starts Debian's Chromium, headless; never a downloaded browser. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no ${CHROMIUM}: the browser tests need Debian's chromium (apt-get install chromium)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A page on the app, and the console errors and uncaught exceptions it has produced so far. */
export interface AppPage {
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

/** Opens the app in a new browser context (its own viewport, storage and pixel ratio). */
export async function openApp(
  browser: Browser,
  url: string,
  options: BrowserContextOptions = {},
): Promise<AppPage> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // A failed fetch that a test provokes is logged by Chromium too; the app shows it itself.
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) {
      errors.push(`console: ${msg.text()}`);
    }
  });
  await page.goto(url);
  await page.getByTestId('canvas').waitFor();
  return { page, errors, close: () => context.close() };
}

/** Page coordinates of a canvas point, whatever size the canvas is shown at. */
async function toPage(page: Page, strokes: readonly (readonly Pt[])[]): Promise<Pt[][]> {
  const box = await page.getByTestId('canvas').boundingBox();
  if (!box) throw new Error('toPage: the canvas is not visible');
  return strokes.map((s) =>
    s.map(([x, y]) => [box.x + (x * box.width) / 280, box.y + (y * box.height) / 280] as const),
  );
}

/** Draws strokes with the mouse: press, move through each point in small steps, release. */
export async function drawWithMouse(
  page: Page,
  strokes: readonly (readonly Pt[])[],
): Promise<void> {
  for (const stroke of await toPage(page, strokes)) {
    await page.mouse.move(stroke[0][0], stroke[0][1]);
    await page.mouse.down();
    for (const [x, y] of stroke.slice(1)) await page.mouse.move(x, y, { steps: 8 });
    await page.mouse.up();
  }
}

/** Draws strokes with a finger, through the DevTools protocol's touch events. */
export async function drawWithTouch(
  page: Page,
  strokes: readonly (readonly Pt[])[],
): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const touch = (type: string, points: { x: number; y: number }[]) =>
    cdp.send('Input.dispatchTouchEvent', { type: type as 'touchStart', touchPoints: points });
  for (const stroke of await toPage(page, strokes)) {
    await touch('touchStart', [{ x: stroke[0][0], y: stroke[0][1] }]);
    for (let i = 1; i < stroke.length; i++) {
      const [x0, y0] = stroke[i - 1];
      const [x1, y1] = stroke[i];
      for (let k = 1; k <= 8; k++) {
        await touch('touchMove', [{ x: x0 + ((x1 - x0) * k) / 8, y: y0 + ((y1 - y0) * k) / 8 }]);
      }
    }
    await touch('touchEnd', []);
  }
  await cdp.detach();
}

/** The canvas's backing store: its size in device pixels and how many of them hold ink. */
/** The 28x28 input the page shows (its PNG read back through a canvas: lossless). */
export function shownInput(page: Page): Promise<number[]> {
  return page.evaluate(`(() => {
    const img = document.querySelector('[data-testid="model-input"]');
    const canvas = document.createElement('canvas');
    canvas.width = 28;
    canvas.height = 28;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, 28, 28);
    return Array.from({ length: 784 }, (_, i) => data[i * 4]);
  })()`);
}

export interface CanvasPixels {
  width: number;
  height: number;
  ink: number;
}

/** Reads the drawing canvas's pixels in the page. */
export function canvasPixels(page: Page): Promise<CanvasPixels> {
  // A string, because this runs in the page and the tests are typed without the DOM library.
  return page.evaluate(`(() => {
    const canvas = document.querySelector('[data-testid="canvas"]');
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] > 127) ink++;
    return { width: canvas.width, height: canvas.height, ink };
  })()`);
}

/** Saves a screenshot of the whole page as test-artifacts/ui/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Digits drawn as strokes of canvas points, roughly as a person would draw them. */
export const DIGITS: Record<number, Pt[][]> = {
  1: [
    [
      [128, 70],
      [152, 48],
      [150, 140],
      [148, 235],
    ],
  ],
  7: [
    [
      [72, 62],
      [140, 58],
      [208, 60],
      [170, 130],
      [128, 235],
    ],
  ],
  0: [ellipse(140, 140, 62, 92, 24)],
  3: [[...arc(138, 95, 52, 48, -160, 95, 10), ...arc(138, 188, 60, 50, -95, 160, 12)] as Pt[]],
};

function arc(
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  from: number,
  to: number,
  n: number,
): Pt[] {
  return Array.from({ length: n + 1 }, (_, i) => {
    const a = ((from + ((to - from) * i) / n) * Math.PI) / 180;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)] as const;
  });
}

function ellipse(cx: number, cy: number, rx: number, ry: number, n: number): Pt[] {
  return arc(cx, cy, rx, ry, -90, 275, n);
}
