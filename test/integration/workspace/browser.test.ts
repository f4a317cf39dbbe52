import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { type ServerType, serve } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../../functions/adapters/awsClients';
import { S3ObjectStore } from '../../../functions/adapters/s3ObjectStore';
import { type S3StandIn, startS3StandIn } from '../../../local/s3StandIn';
import { createWorkspaceApp } from '../../../workspace/app';
import { assetsFromWorkspaceSources } from '../../../workspace/assets/sourceAssets';
import type { Role } from '../../../workspace/auth/roles';
import {
  browserTestsRun,
  expectAccessible,
  launchChromium,
  screenshot,
  tabTo,
} from '../../support/browser';
import { testErasure } from '../../support/testErasure';
import { seedWorkspaceCase, WORKSPACE_CASE } from '../../support/workspaceCase';

// axe scans on a shared 2-core machine take tens of seconds per page.
describe.runIf(browserTestsRun)('Browser: workspace', { timeout: 240_000 }, () => {
  let stateDir: string;
  let standIn: S3StandIn;
  let s3: S3Client;
  let browser: Browser;
  const servers: ServerType[] = [];
  const urls = {} as Record<Role, string>;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'callbrief-workspace-browser-'));
    await seedWorkspaceCase(stateDir);
    standIn = await startS3StandIn(['callbrief-recordings', 'callbrief-results'], stateDir);
    s3 = createS3Client({
      region: 'eusc-de-east-1',
      s3Endpoint: standIn.endpoint,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const secret = randomBytes(32);
    // One server per role over the same storage: each stands for a differently signed-in user.
    for (const role of ['caseworker', 'dpo'] as const) {
      const app = createWorkspaceApp({
        assets: assetsFromWorkspaceSources,
        store: new S3ObjectStore(s3),
        recordingsBucket: 'callbrief-recordings',
        resultsBucket: 'callbrief-results',
        identify: () => ({ id: role === 'dpo' ? 'dsb-1' : 'sachbearbeitung-1', roles: [role] }),
        secret,
        log: { info() {}, warn() {}, error() {} },
        erasure: testErasure(),
      });
      const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      servers.push(server);
      urls[role] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
    s3?.destroy();
    await standIn?.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  const newPage = async (role: Role): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({
      baseURL: urls[role],
      viewport: { width: 1280, height: 900 },
      locale: 'de-DE',
    });
    return { context, page: await context.newPage() };
  };

  it('walks case list, case and contact, plays from a turn and approves', async () => {
    const { context, page } = await newPage('caseworker');
    await page.goto('/');
    await page.locator('h1', { hasText: 'Fälle' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'fallliste');

    await page.getByLabel('Fallnummer (oder Teil davon)').fill('0815');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.getByText('1 Fälle').first().waitFor();
    expect(page.url()).not.toContain('0815');

    await page.getByRole('link', { name: WORKSPACE_CASE }).click();
    await page.locator('h1', { hasText: `Fall ${WORKSPACE_CASE}` }).waitFor();
    expect(page.url()).not.toContain(WORKSPACE_CASE);
    await expectAccessible(page);
    await screenshot(page, 'fall');

    await page.locator('.ws-contacts a').first().click();
    await page.locator('h1', { hasText: 'Kontakt' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'kontakt');

    // Play from the second turn: the player seeks there and that turn is highlighted.
    const second = page.locator('.ws-turn').nth(1);
    const start = Number(await second.getAttribute('data-start'));
    await second.getByRole('button').click();
    await expect
      .poll(() => second.getAttribute('class'), { timeout: 20_000 })
      .toMatch(/ws-turn--playing/);
    const position = await page.evaluate<number>("document.getElementById('player').currentTime");
    expect(position).toBeGreaterThanOrEqual(start - 0.01);
    expect(await page.locator('.ws-turn').first().getAttribute('class')).not.toMatch(
      /ws-turn--playing/,
    );

    await page.getByRole('button', { name: 'Zusammenfassung freigeben' }).click();
    await page.getByText('Die Zusammenfassung ist freigegeben.').first().waitFor();
    await page
      .getByText(/Freigegeben von sachbearbeitung-1/)
      .first()
      .waitFor();
    await expectAccessible(page);
    await context.close();
  });

  it('corrects a summary in the form and shows the difference', async () => {
    const { context, page } = await newPage('caseworker');
    await page.goto('/');
    await page.getByRole('link', { name: WORKSPACE_CASE }).click();
    await page.locator('.ws-contacts a').nth(1).click();
    await page.getByText('Zusammenfassung korrigieren').click();
    await page.getByLabel('Anliegen').fill('Die anrufende Person fragt nach ihrem Parkausweis.');
    await page
      .getByLabel('Fakten (eine pro Zeile)')
      .fill('Parkausweis beantragt\nZustellung per Post');
    await page.getByRole('button', { name: 'Korrektur speichern' }).click();
    await page.getByText('Die Korrektur ist gespeichert.').first().waitFor();
    await page
      .getByText(/Korrigiert von sachbearbeitung-1/)
      .first()
      .waitFor();
    await page.locator('.ws-diff ins').first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'korrektur');
    await context.close();
  });

  it('refuses erasure to a case worker', async () => {
    const { context, page } = await newPage('caseworker');
    await page.goto('/');
    await page.getByRole('link', { name: 'JC-2026-000999' }).click();
    await page.locator('h1', { hasText: 'Fall JC-2026-000999' }).waitFor();
    expect(await page.getByRole('link', { name: /Fall löschen/ }).count()).toBe(0);
    const response = await page.goto(`${new URL(page.url()).pathname}/erase`);
    expect(response?.status()).toBe(403);
    await page.getByText('Dafür fehlt Ihnen die Berechtigung.').first().waitFor();
    await expectAccessible(page);
    await context.close();
  });

  it('erases a case for the data-protection officer after confirmation and shows the receipt', async () => {
    const { context, page } = await newPage('dpo');
    await page.goto('/');
    await page.getByRole('link', { name: 'JC-2026-000999' }).click();
    await page.getByRole('link', { name: 'Zugriffsprotokoll' }).click();
    await page.locator('h1', { hasText: 'Zugriffsprotokoll des Falls JC-2026-000999' }).waitFor();
    await page.getByText('sachbearbeitung-1 (caseworker)').first().first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'zugriffsprotokoll');
    await page.goBack();
    await page.locator('h1', { hasText: 'Fall JC-2026-000999' }).waitFor();
    await page.getByRole('link', { name: /Fall löschen/ }).click();
    await expectAccessible(page);
    await page.getByLabel(/Ich bestätige/).check();
    await screenshot(page, 'loeschen');
    await page.getByRole('button', { name: 'Endgültig löschen' }).click();
    await page.getByText('Der Fall ist gelöscht.').first().waitFor();
    await page.getByText('Löschnachweis').first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'loeschnachweis');
    await page.goto('/');
    await page.locator('h1', { hasText: 'Fälle' }).waitFor();
    expect(await page.getByRole('link', { name: 'JC-2026-000999' }).count()).toBe(0);
    await context.close();
  });

  it('works with the keyboard alone: case, contact, play from a turn, approve', async () => {
    const { context, page } = await newPage('caseworker');
    await page.goto('/');
    await tabTo(page, (text) => text === 'Zum Inhalt springen');
    await tabTo(page, (text) => text === WORKSPACE_CASE);
    await page.keyboard.press('Enter');
    await page.locator('h1', { hasText: `Fall ${WORKSPACE_CASE}` }).waitFor();
    await tabTo(page, (text) => text.startsWith('Anruf'));
    await page.keyboard.press('Enter');
    await page.locator('h1', { hasText: 'Kontakt' }).waitFor();
    await tabTo(page, (text) => text.startsWith('Ab ') && !text.startsWith('Ab 0:00'));
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('.ws-turn').nth(1).getAttribute('class'), { timeout: 20_000 })
      .toMatch(/ws-turn--playing/);
    await page.keyboard.press('Shift+Tab');
    await page.goto(page.url());
    await tabTo(page, (text) => text === 'Zusammenfassung freigeben');
    await page.keyboard.press('Enter');
    await page.getByText('Die Zusammenfassung ist freigegeben.').first().waitFor();
    await context.close();
  });
});
