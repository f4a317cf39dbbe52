// How fast the workspace serves and a browser renders the contact page of a 2-hour call with
// about 1,500 turns (original beside translation, play buttons, summary, review form). The
// documents lie in the S3 stand-in; the app reads them through the object-store port per request.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { chromium } from 'playwright-core';
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
import { testErasure } from '../test/support/testErasure';
import { createWorkspaceApp } from '../workspace/app';
import { Handles } from '../workspace/handles';

export interface WorkspacePageFigure {
  turns: number;
  callSeconds: number;
  htmlBytes: number;
  runs: number;
  /** Request to last byte of the HTML (reads from the S3 stand-in and rendering included). */
  serveMedianMs: number;
  /** Browser navigation until the load event (HTML, CSS, fonts, script, layout). */
  renderMedianMs: number;
  /**
   * Chromium's main-thread task time for the navigation (parse, style, layout, script), from
   * the DevTools Performance metrics: less sensitive than wall time to other processes.
   */
  renderTaskMedianMs: number;
  smallRenderTaskMedianMs: number;
  /** The same for a 10-turn contact: what the machine needs for any page at all. */
  smallServeMedianMs: number;
  smallRenderMedianMs: number;
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
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const served = async (target: string) => {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i <= options.runs; i++) {
      const started = performance.now();
      const html = await (await fetch(target)).text();
      if (i > 0) times.push(performance.now() - started); // the first run warms up
      bytes = Buffer.byteLength(html);
    }
    return { ms: median(times), bytes };
  };
  const rendered = async (target: string) => {
    const times: number[] = [];
    const tasks: number[] = [];
    for (let i = 0; i <= options.runs; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const started = performance.now();
      await page.goto(target, { waitUntil: 'load', timeout: 180_000 });
      // Layout is done once the last turn has a size.
      await page.locator('.ws-turn').last().boundingBox();
      const elapsed = performance.now() - started;
      const { metrics } = await cdp.send('Performance.getMetrics');
      const task = metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
      if (i > 0) {
        times.push(elapsed);
        tasks.push(task * 1000);
      }
      await context.close();
    }
    return { ms: median(times), taskMs: median(tasks) };
  };
  try {
    const large = await served(url);
    const smallServed = await served(smallUrl);
    return {
      turns: options.turns,
      callSeconds: options.seconds,
      htmlBytes: large.bytes,
      runs: options.runs,
      serveMedianMs: large.ms,
      ...(({ ms, taskMs }) => ({ renderMedianMs: ms, renderTaskMedianMs: taskMs }))(
        await rendered(url),
      ),
      smallServeMedianMs: smallServed.ms,
      ...(({ ms, taskMs }) => ({ smallRenderMedianMs: ms, smallRenderTaskMedianMs: taskMs }))(
        await rendered(smallUrl),
      ),
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
