import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../functions/adapters/s3ObjectStore';
import type { SpeechToTextProvider } from '../../../functions/providers/speechToText/SpeechToTextProvider';
import type { TranslationProvider } from '../../../functions/providers/translation/TranslationProvider';
import { type LiveBridge, startLiveBridge } from '../../../live/startLiveBridge';
import type { LocalPipeline } from '../../../local/localPipeline';
import { createWorkspaceApp } from '../../../workspace/app';
import { assetsFromWorkspaceSources } from '../../../workspace/assets/sourceAssets';
import { framesOf, scriptedCallPcmu } from '../../live/support/callAudio';
import { bridgeStorage, startPostCallPipeline } from '../../live/support/liveTestPipeline';
import { connect, type SpecClient } from '../../live/support/specClient';
import {
  browserTestsRun,
  expectAccessible,
  launchChromium,
  screenshot,
  tabTo,
} from '../../support/browser';
import { testErasure } from '../../support/testErasure';

const API_KEY = 'live-browser-key';
const SECRET = randomBytes(32).toString('base64');
const CASE_ID = 'JC-2026-004711';

/** What each side says, in order, and its translation: readable lines for the screenshots. */
const SAID = {
  caller: [
    [
      'Buenos días, llamo por mi solicitud de subsidio de vivienda.',
      'Guten Tag, ich rufe wegen meines Wohngeldantrags an.',
    ],
    [
      'Es el expediente 4711. ¿Falta algún documento?',
      'Es ist die Akte 4711. Fehlt noch ein Dokument?',
    ],
  ],
  agent: [
    [
      'Guten Tag. Nennen Sie mir bitte Ihr Aktenzeichen.',
      'Buenos días. Dígame, por favor, su número de expediente.',
    ],
    [
      'Ja, die Mietbescheinigung fehlt noch. Bitte senden Sie sie uns zu.',
      'Sí, todavía falta el certificado de alquiler. Envíenoslo, por favor.',
    ],
  ],
} as const;
const TRANSLATED = new Map<string, string>(
  [...SAID.caller, ...SAID.agent].map(([said, translated]) => [said, translated]),
);
const SCRIPT = [
  { side: 'external' as const, start: 0.5, end: 1.7 },
  { side: 'internal' as const, start: 2.5, end: 3.5 },
  { side: 'external' as const, start: 4.5, end: 5.4 },
  { side: 'internal' as const, start: 6.5, end: 8 },
];

/** Speech-to-text that hears each side's next scripted sentence (the engine is not under test). */
function scriptedSpeechToText(): SpeechToTextProvider {
  const heard = { caller: 0, agent: 0 };
  return {
    type: 'scripted',
    async transcribe(request) {
      const speaker = request.channelRoles['0'] === 'agent' ? 'agent' : 'caller';
      const text = SAID[speaker][heard[speaker]++]?.[0] ?? '…';
      return {
        language: request.language ?? 'en',
        turns: [{ index: 0, speaker, start: 0, end: request.durationSeconds, text }],
        provenance: { provider: 'scripted', model: 'scripted-stt', latency_ms: 1 },
      };
    },
  };
}

function scriptedTranslation(): TranslationProvider {
  return {
    type: 'scripted',
    async translate(request) {
      return {
        texts: request.texts.map((text) => TRANSLATED.get(text) ?? `[${request.to}] ${text}`),
        provenance: { provider: 'scripted', model: 'scripted-translation', latency_ms: 1 },
      };
    },
  };
}

/** The live view's lines as shown: the text, its `lang`, and the original's `lang` if any. */
const LINES = `[...document.querySelectorAll('#lines li')].map((li) => ({
  speaker: li.className,
  text: li.children[1].textContent,
  lang: li.children[1].lang,
  original: li.querySelector('.original span') ? li.querySelector('.original span').lang : null,
}))`;
type ShownLine = { speaker: string; text: string; lang: string; original: string | null };
const linesOf = (page: Page) => page.evaluate<ShownLine[]>(LINES);

// A bridge, the post-call pipeline and the workspace in this process; Chromium drives both
// audiences' views. axe scans on a shared 2-core machine take tens of seconds per page.
describe.runIf(browserTestsRun)(
  'Browser: live views of a running call',
  { timeout: 240_000 },
  () => {
    let pipeline: LocalPipeline;
    let live: LiveBridge;
    let workspace: ServerType;
    let workspaceUrl: string;
    let browser: Browser;

    beforeAll(async () => {
      pipeline = await startPostCallPipeline();
      live = await startLiveBridge({
        credentials: [{ apiKey: API_KEY, clientSecret: SECRET }],
        ...bridgeStorage(pipeline),
        providers: { speechToText: scriptedSpeechToText(), translation: scriptedTranslation() },
        defaultCaseId: CASE_ID,
      });
      const app = createWorkspaceApp({
        assets: assetsFromWorkspaceSources,
        store: new S3ObjectStore(pipeline.s3),
        recordingsBucket: pipeline.recordingsBucket,
        resultsBucket: pipeline.resultsBucket,
        identify: () => ({ id: 'sachbearbeitung-1', roles: ['caseworker'] }),
        secret: randomBytes(32),
        log: { info() {}, warn() {}, error() {} },
        erasure: testErasure(),
      });
      workspace = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
      await new Promise<void>((resolve) => workspace.once('listening', () => resolve()));
      workspaceUrl = `http://127.0.0.1:${(workspace.address() as AddressInfo).port}`;
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      if (workspace) await new Promise((resolve) => workspace.close(resolve));
      await live?.stop();
      await pipeline?.stop();
    });

    /** A call from a Spanish speaker; audio up to `seconds` streamed at once. */
    async function startCall(pcmu: Uint8Array, seconds: number): Promise<SpecClient> {
      const client = await connect(live.bridge.url, { apiKey: API_KEY, clientSecret: SECRET });
      client.send('open', {
        organizationId: randomUUID(),
        conversationId: randomUUID(),
        participant: { id: randomUUID() },
        media: [{ type: 'audio', format: 'PCMU', channels: ['external', 'internal'], rate: 8000 }],
        language: 'es-ES',
      });
      await client.next('opened');
      for (const frame of framesOf(pcmu.subarray(0, seconds * 8000 * 2)))
        client.sendAudio(frame, 2);
      return client;
    }

    it('links a running call from the workspace to both live views; they update, pass axe and end with the call', async () => {
      const pcmu = scriptedCallPcmu(SCRIPT, 10);
      const client = await startCall(pcmu, 6.2);

      // The case worker finds the running call in the workspace (keyboard only from the contact page).
      const worker = await browser.newContext({
        baseURL: workspaceUrl,
        viewport: { width: 1280, height: 900 },
        locale: 'de-DE',
      });
      const page = await worker.newPage();
      await page.goto('/');
      await page.getByRole('rowheader', { name: `${CASE_ID} Anruf läuft` }).waitFor();
      await page.getByRole('link', { name: CASE_ID }).click();
      await page.getByRole('heading', { name: 'Laufende Anrufe' }).waitFor();
      await expectAccessible(page);
      await page.locator('#running-heading + ul a').first().click();
      await page.getByRole('heading', { name: 'Laufender Anruf' }).waitFor();
      const citizenLink = await page.getByLabel('Link für die anrufende Person').inputValue();
      expect(citizenLink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/live\/[\w-]+\.c\.[\w-]+$/);
      expect(citizenLink).not.toContain(CASE_ID);
      await expectAccessible(page);
      await screenshot(page, 'laufender-anruf');
      await tabTo(page, (text) => text === 'Live-Mitschrift öffnen');
      await page.keyboard.press('Enter');

      // Case worker's view: German, the caller's Spanish original beside each of their lines.
      await page.locator('h1', { hasText: 'Live-Mitschrift des Anrufs' }).waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      await expect.poll(async () => (await linesOf(page)).length, { timeout: 20_000 }).toBe(3);
      expect(await linesOf(page)).toEqual([
        { speaker: 'caller', text: SAID.caller[0][1], lang: 'de', original: 'es' },
        { speaker: 'agent', text: SAID.agent[0][0], lang: 'de', original: null },
        { speaker: 'caller', text: SAID.caller[1][1], lang: 'de', original: 'es' },
      ]);
      await page.getByText('Live – neue Äußerungen erscheinen automatisch.').waitFor();
      await expectAccessible(page);

      // The citizen's view on a phone: Spanish throughout (no German original), no sideways scrolling.
      const phone = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'es-ES',
      });
      const citizen = await phone.newPage();
      await citizen.goto(citizenLink);
      await citizen.locator('h1', { hasText: 'Su llamada, en directo' }).waitFor();
      expect(await citizen.getAttribute('html', 'lang')).toBe('es');
      await expect.poll(async () => (await linesOf(citizen)).length, { timeout: 20_000 }).toBe(3);
      expect((await linesOf(citizen)).map((l) => [l.text, l.lang, l.original])).toEqual([
        [SAID.caller[0][0], 'es', null],
        [SAID.agent[0][1], 'es', null],
        [SAID.caller[1][0], 'es', null],
      ]);
      expect(
        await citizen.evaluate<boolean>(
          'document.documentElement.scrollWidth <= window.innerWidth',
        ),
      ).toBe(true);
      await expectAccessible(citizen);

      // The agent answers: the line appears in both open views without a reload.
      for (const frame of framesOf(pcmu.subarray(6.2 * 8000 * 2, 9.5 * 8000 * 2)))
        client.sendAudio(frame, 2);
      await expect.poll(async () => (await linesOf(page)).length, { timeout: 20_000 }).toBe(4);
      await expect.poll(async () => (await linesOf(citizen)).length, { timeout: 20_000 }).toBe(4);
      expect((await linesOf(citizen))[3]?.text).toBe(SAID.agent[1][1]);
      await screenshot(page, 'live-sachbearbeitung');
      await screenshot(citizen, 'live-buerger-telefon');

      // The call ends: both views say so, the citizen's link is dead, the workspace drops the links.
      await client.closeSession('end');
      await page.getByText('Der Anruf ist beendet.', { exact: false }).waitFor();
      await citizen.getByText('La llamada ha terminado.', { exact: false }).waitFor();
      const gone = await citizen.goto(citizenLink);
      expect(gone?.status()).toBe(410);
      await expectAccessible(citizen);
      await page.goBack();
      await expect
        .poll(
          async () => {
            await page.reload();
            return page.getByRole('heading', { name: 'Laufender Anruf' }).count();
          },
          { timeout: 20_000 },
        )
        .toBe(0);
      await phone.close();
      await worker.close();
    });
  },
);
