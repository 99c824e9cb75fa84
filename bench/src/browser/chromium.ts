// Debian's Chromium, headless, for the gpu backend's webgl2 mode: WebGL2 on the GPU where there is
// one, else through ANGLE on SwiftShader (software; what this project's machines have).
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** The browser the bench drives: $CHROMIUM_PATH, or Debian's. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the webgl2 column cannot be measured here, or null when Chromium is installed. */
export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM)
    ? null
    : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
}

/** A headless Chromium; launch errors propagate with playwright's reason. */
export function launchHeadless(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-background-networking',
      '--enable-unsafe-swiftshader',
    ],
  });
}
