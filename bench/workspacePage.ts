// How fast the workspace serves and a browser renders the contact page of a 2-hour call with
// about 1,500 turns (original beside translation, play buttons, summary, review form). The
// documents lie in the S3 stand-in; the app reads them through the object-store port per request.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { CDPSession, Page } from 'playwright-core';
import { createS3Client } from '../functions/adapters/awsClients';
import { S3ObjectStore } from '../functions/adapters/s3ObjectStore';
import { artifactKey, translationKey } from '../functions/shared/artifactKeys';
import type {
  CaseSummary,
  RecordingInfo,
  Transcript,
  Translation,
} from '../functions/shared/documents';
import { startS3StandIn } from '../local/s3StandIn';
import { median } from '../local/statistics';
import { launchChromium } from '../test/support/chromium';
import { testErasure } from '../test/support/testErasure';
import { createWorkspaceApp } from '../workspace/app';
import { assetsFromWorkspaceSources } from '../workspace/assets/sourceAssets';
import { Handles } from '../workspace/handles';

/** One page opened in Chromium: what the case worker waits for, and what the machine does. */
export interface RenderFigure {
  /**
   * The browser's own clock from the start of the navigation (the click) until the load event
   * has fired, the fonts are ready, the last turn is laid out and the next frame has come (and
   * not before the first contentful paint): what the case worker waits for.
   */
  browserMs: number;
  /** First contentful paint on the same clock: when the page header and summary show. */
  paintMs: number;
  /**
   * Wall time around the whole navigation as the test harness sees it: also the DevTools
   * round trips and, on a first visit, setting up the fresh browser context's renderer.
   */
  ms: number;
  /**
   * Chromium's main-thread task time for the navigation (parse, style, layout, script), from
   * the DevTools Performance metrics: less sensitive than wall time to other processes.
   */
  taskMs: number;
}

export interface PageFigure {
  turns: number;
  /** The HTML as sent (gzip) and as parsed. */
  htmlGzipBytes: number;
  htmlBytes: number;
  /** Request to last byte of the HTML (reads from the S3 stand-in and rendering included). */
  serveMedianMs: number;
  /** A first visit: a fresh browser context, so stylesheet, fonts and script are fetched cold. */
  firstVisit: RenderFigure;
  /** A returning case worker: the same tab again, assets from the browser cache. */
  returning: RenderFigure;
}

export interface WorkspacePageFigure {
  callSeconds: number;
  runs: number;
  /** The 2-hour call, and a 10-turn contact: what the machine needs for any page at all. */
  large: PageFigure;
  small: PageFigure;
  /** The stylesheet every page loads (KERN UX trimmed to the classes the pages use). */
  stylesheetBytes: number;
  /** 1-minute load average when the run ended (the machine is shared). */
  loadAverage: number;
}

const RESULTS = 'callbrief-results';
const RECORDINGS = 'callbrief-recordings';
const REF = { case_id: 'BENCH-2H', contact_id: 'call-2h' };
const SENTENCE =
  'I would like to know when my application for housing benefit will be decided and which documents are still missing';
const provenance = { provider: 'bench', model: 'bench', latency_ms: 0 };

function documents(turns: number, seconds: number, ref: typeof REF = REF) {
  const REF_ = ref;
  const step = seconds / turns;
  const transcript: Transcript = {
    ...REF_,
    schema_version: '1.0',
    language: 'en',
    duration_seconds: seconds,
    turns: Array.from({ length: turns }, (_, i) => ({
      index: i,
      speaker: i % 2 === 0 ? 'caller' : 'agent',
      start: i * step,
      end: (i + 1) * step,
      text: `${SENTENCE} (${i}).`,
    })),
    ai_generated: true,
    provenance,
  };
  const translation: Translation = {
    ...REF_,
    schema_version: '1.0',
    source_language: 'en',
    target_language: 'de',
    turns: transcript.turns.map((t) => ({ ...t, text: `Übersetzt: ${t.text}` })),
    ai_generated: true,
    provenance,
  };
  const content = {
    reason_for_contact: 'Housing benefit application',
    key_facts: ['Application filed', 'Documents missing'],
    next_steps: [{ action: 'Send documents', owner: 'citizen' as const }],
    open_questions: [],
  };
  const pointer = { bucket: RESULTS, key: artifactKey(REF_, 'transcript') };
  const summary: CaseSummary = {
    ...REF_,
    schema_version: '1.0',
    languages: { spoken: 'en', case_worker: 'de', caller: 'en' },
    summary: content,
    caller_summary: content,
    sentiment: { overall: 'neutral', per_speaker: {}, method: 'bench' },
    sources: { recording: pointer, transcript: pointer },
    ai_generated: true,
    review_status: 'pending',
    provenance: { speech_to_text: provenance, summarization: provenance },
    created_at: new Date().toISOString(),
  };
  const recording: RecordingInfo = {
    ...REF_,
    schema_version: '1.0',
    channel: 'call',
    source: { bucket: RECORDINGS, key: 'recordings/call-2h.wav', size: 44, sha256: '0' },
    audio: {
      container: 'wav',
      codec: 'pcm_s16le',
      sample_rate: 8000,
      channels: 1,
      duration_seconds: seconds,
    },
    languages: { caller: 'en', case_worker: 'de' },
    channel_roles: {},
    metadata_sources: [],
    received_at: new Date().toISOString(),
  };
  return { transcript, translation, summary, recording };
}

/**
 * Injected before the page's own code (DevTools, so the page's CSP does not apply): once the
 * load event has fired and the web fonts are ready, lays out the last turn, waits for the next
 * frame (a frame callback, then a task after it) and notes the browser's clock, whose zero is
 * the start of the navigation (Navigation Timing). No DevTools round trip falls inside it.
 */
const MARK_LAID_OUT = `addEventListener('load', () => document.fonts.ready.then(() => {
  const rows = document.querySelectorAll('.ws-turn');
  if (rows.length > 0) rows[rows.length - 1].getBoundingClientRect();
  requestAnimationFrame(() => setTimeout(() => { window.__laidOut = performance.now(); }, 0));
}));`;

const BROWSER_CLOCK = `(() => {
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  return { laidOut: window.__laidOut, paint: paint ? paint.startTime : window.__laidOut };
})()`;

const taskSeconds = async (cdp: CDPSession) =>
  (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')
    ?.value ?? 0;

/** Bytes on the wire when the client accepts gzip, as browsers do. */
function gzipBytes(target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(target, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => resolve(bytes));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

export async function measureWorkspacePage(options: {
  turns: number;
  seconds: number;
  runs: number;
}): Promise<WorkspacePageFigure> {
  const stateDir = await mkdtemp(join(tmpdir(), 'callbrief-bench-workspace-'));
  const standIn = await startS3StandIn([RECORDINGS, RESULTS], stateDir);
  const s3 = createS3Client({
    region: 'eusc-de-east-1',
    s3Endpoint: standIn.endpoint,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const store = new S3ObjectStore(s3);
  const docs = documents(options.turns, options.seconds);
  const small = { ...REF, contact_id: 'call-small' };
  for (const [ref, d] of [
    [REF, docs],
    [small, documents(10, 48, small)],
  ] as const) {
    await store.putJson(RESULTS, artifactKey(ref, 'transcript'), d.transcript);
    await store.putJson(RESULTS, translationKey(ref, 'de'), d.translation);
    await store.putJson(RESULTS, artifactKey(ref, 'summary'), d.summary);
    await store.putJson(RESULTS, artifactKey(ref, 'recording'), d.recording);
  }
  const secret = randomBytes(32);
  const app = createWorkspaceApp({
    assets: assetsFromWorkspaceSources,
    store,
    recordingsBucket: RECORDINGS,
    resultsBucket: RESULTS,
    identify: () => ({ id: 'bench', roles: ['caseworker'] }),
    secret,
    log: { info() {}, warn() {}, error() {} },
    erasure: testErasure(),
  });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const handles = new Handles(secret);
  const url = `${base}/contacts/${handles.contactHandle(REF.case_id, REF.contact_id)}`;
  const smallUrl = `${base}/contacts/${handles.contactHandle(small.case_id, small.contact_id)}`;
  const browser = await launchChromium();
  const served = async (target: string) => {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i <= options.runs; i++) {
      const started = performance.now();
      const html = await (await fetch(target)).text();
      if (i > 0) times.push(performance.now() - started); // the first run warms up
      bytes = Buffer.byteLength(html);
    }
    return { ms: median(times), bytes, gzipBytes: await gzipBytes(target) };
  };
  const open = async (page: Page, cdp: CDPSession, target: string) => {
    const before = await taskSeconds(cdp);
    const started = performance.now();
    await page.goto(target, { waitUntil: 'load', timeout: 180_000 });
    // Layout is done once the last turn has a size.
    await page.locator('.ws-turn').last().boundingBox();
    await page.waitForFunction('window.__laidOut !== undefined');
    const ms = performance.now() - started;
    const clock = await page.evaluate<{ laidOut: number; paint: number }>(BROWSER_CLOCK);
    const after = await taskSeconds(cdp);
    // A navigation that moved to a new renderer process starts its count at zero.
    return {
      ms,
      // Never before the first contentful paint: text is on screen by then at the latest.
      browserMs: Math.max(clock.laidOut, clock.paint),
      paintMs: clock.paint,
      taskMs: (after >= before ? after - before : after) * 1000,
    };
  };
  const summary = (figures: RenderFigure[]) => ({
    ms: median(figures.map((f) => f.ms)),
    browserMs: median(figures.map((f) => f.browserMs)),
    paintMs: median(figures.map((f) => f.paintMs)),
    taskMs: median(figures.map((f) => f.taskMs)),
  });
  const firstVisit = async (target: string) => {
    const figures: RenderFigure[] = [];
    for (let i = 0; i <= options.runs; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.addInitScript(MARK_LAID_OUT);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const figure = await open(page, cdp, target);
      if (i > 0) figures.push(figure);
      await context.close();
    }
    return summary(figures);
  };
  const returning = async (target: string) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(MARK_LAID_OUT);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const figures: RenderFigure[] = [];
    // The first opening fills the cache; then the case worker opens the contact again.
    for (let i = 0; i <= options.runs; i++) {
      const figure = await open(page, cdp, target);
      if (i > 0) figures.push(figure);
    }
    await context.close();
    return summary(figures);
  };
  const measure = async (target: string, turns: number): Promise<PageFigure> => {
    const sent = await served(target);
    return {
      turns,
      htmlGzipBytes: sent.gzipBytes,
      htmlBytes: sent.bytes,
      serveMedianMs: sent.ms,
      firstVisit: await firstVisit(target),
      returning: await returning(target),
    };
  };
  try {
    const large = await measure(url, options.turns);
    const small = await measure(smallUrl, 10);
    const html = await (await fetch(url)).text();
    const sheet = /href="(\/assets\/workspace\.[^"]+\.css)"/.exec(html)?.[1] ?? '';
    const stylesheetBytes = (await (await fetch(`${base}${sheet}`)).arrayBuffer()).byteLength;
    return {
      callSeconds: options.seconds,
      runs: options.runs,
      large,
      small,
      stylesheetBytes,
      loadAverage: loadavg()[0] ?? 0,
    };
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
    s3.destroy();
    await standIn.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}
