// What the browser tests share: Debian's Chromium driven by playwright-core, the axe check every
// page must pass, the keyboard walk, and the screenshots the README shows.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export { browserTestsRun, launchChromium } from './chromium';

const SCREENSHOTS = join(import.meta.dirname, '../../docs/screenshots');

/** No serious or critical WCAG 2.1 A/AA violation on the page as it stands. */
export async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad).toEqual([]);
}

/** Writes docs/screenshots/NAME.png only when UPDATE_SCREENSHOTS=1 (they are committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Runs in the page (as text, since the project compiles without DOM types). */
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el) return { text: '', tag: '', visible: false };
  const style = getComputedStyle(el);
  const visible =
    (style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0) ||
    style.boxShadow !== 'none';
  const text = (el.textContent || el.getAttribute('aria-label') || '').replace(/\\s+/g, ' ').trim();
  return { text, tag: el.tagName, visible };
})()`;

/**
 * Presses Tab until the focused element matches, as a keyboard user would, and checks that the
 * focus is visible there (an outline or a box shadow).
 */
export async function tabTo(
  page: Page,
  matches: (text: string, tag: string) => boolean,
  max = 120,
): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<{ text: string; tag: string; visible: boolean }>(FOCUSED);
    if (matches(focused.text, focused.tag)) {
      expect(focused.visible, `visible focus on ${focused.tag} "${focused.text}"`).toBe(true);
      return;
    }
  }
  throw new Error('Tab never reached the element');
}
