// Debian's Chromium driven by playwright-core, for the browser tests and the workspace benchmark
// (no test-runner imports here, so the benchmark can use it).
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** CI installs Chromium (scripts/setup.sh); a developer machine without it skips, never CI. */
export const browserTestsRun = existsSync(CHROMIUM) || process.env.CI !== undefined;

export function launchChromium(lang = 'de-DE'): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--autoplay-policy=no-user-gesture-required',
      `--lang=${lang}`,
    ],
  });
}
