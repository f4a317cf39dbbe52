import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulaw } from '../../../live/audio/g711';
import type { LiveSegment } from '../../../live/calls/liveSegment';
import { BRIDGE_ROOT } from '../../../live/chunks/pieceLayout';
import { liveRecordingKey } from '../../../live/uploadRecording';
import type { LocalPipeline } from '../../../local/localPipeline';
import { type Burst, framesOf, scriptedCallPcmu } from '../support/callAudio';
import { startPostCallPipeline } from '../support/liveTestPipeline';
import { connect, type SpecClient } from '../support/specClient';

const API_KEY = 'restart-key';
const SECRET = randomBytes(32).toString('base64');
const CASE = 'CASE-RESTART';
// Before the kill: four finished utterances, and a fifth still running when the bridge dies.
const BEFORE: Burst[] = [
  { side: 'external', start: 0.5, end: 1.7 },
  { side: 'internal', start: 2.5, end: 3.5 },
  { side: 'external', start: 4.5, end: 5.4 },
  { side: 'internal', start: 6.5, end: 7.5 },
  { side: 'external', start: 8.5, end: 12 },
];
const BEFORE_SECONDS = 10;
// After the reconnect (times from the new session's start).
const AFTER: Burst[] = [
  { side: 'internal', start: 0.6, end: 1.6 },
  { side: 'external', start: 2.5, end: 3.8 },
];
const AFTER_SECONDS = 5;
const PIECE_SECONDS = 2;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Class: LiveCall (bridge killed and restarted mid-call)', () => {
  let pipeline: LocalPipeline;
  let child: ChildProcess | undefined;
  // Every bridge started, so none outlives the file: a leftover child keeps the test
  // worker's stderr open and the test runner waiting for it.
  const children = new Set<ChildProcess>();

  const startBridge = async (port = 0, watch?: object): Promise<number> => {
    const started = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, '../support/bridgeChild.ts')],
      {
        env: {
          ...process.env,
          NODE_OPTIONS: '--openssl-legacy-provider',
          CALLBRIEF_TEST_S3: pipeline.s3Endpoint,
          CALLBRIEF_TEST_API_KEY: API_KEY,
          CALLBRIEF_TEST_SECRET: SECRET,
          CALLBRIEF_TEST_PORT: String(port),
          CALLBRIEF_TEST_RESULTS: pipeline.resultsBucket,
          CALLBRIEF_TEST_RECORDINGS: pipeline.recordingsBucket,
          CALLBRIEF_TEST_PREFIX: pipeline.recordingsPrefix,
          ...(watch ? { CALLBRIEF_TEST_WATCH: JSON.stringify(watch) } : {}),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    child = started;
    children.add(started);
    const lines = createInterface({ input: started.stdout as NodeJS.ReadableStream });
    for await (const line of lines) {
      const ready = JSON.parse(line) as { port?: number };
      if (ready.port) return ready.port;
    }
    throw new Error('the bridge process ended before it listened');
  };

  const killProcess = async (running: ChildProcess) => {
    if (running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  const kill = async () => {
    if (child) await killProcess(child);
  };

  beforeAll(async () => {
    pipeline = await startPostCallPipeline();
  });
  afterAll(async () => {
    await Promise.all([...children].map(killProcess));
    await pipeline?.stop();
  });

  const list = async (Bucket: string, Prefix: string) =>
    ((await pipeline.s3.send(new ListObjectsV2Command({ Bucket, Prefix }))).Contents ?? []).map(
      (o) => o.Key as string,
    );

  const segmentsOf = async (contact: string): Promise<LiveSegment[]> => {
    const keys = await list(pipeline.resultsBucket, `cases/${CASE}/contacts/${contact}/live/`);
    return Promise.all(
      keys.sort().map(async (Key) => {
        const out = await pipeline.s3.send(
          new GetObjectCommand({ Bucket: pipeline.resultsBucket, Key }),
        );
        return JSON.parse(
          await (out.Body as { transformToString(): Promise<string> }).transformToString(),
        );
      }),
    );
  };

  const until = async <T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  };

  const openCall = async (port: number, conversationId: string, extra = {}) => {
    const client: SpecClient = await connect(`ws://127.0.0.1:${port}`, {
      apiKey: API_KEY,
      clientSecret: SECRET,
    });
    client.send('open', {
      organizationId: randomUUID(),
      conversationId,
      participant: { id: randomUUID() },
      media: [{ type: 'audio', format: 'PCMU', channels: ['external', 'internal'], rate: 8000 }],
      language: 'es-ES',
      ...extra,
    });
    await client.next('opened');
    return client;
  };

  it('continues the contact after a SIGKILL: nothing doubled, only the utterance in flight lost, summary and checksum intact', async () => {
    // Prepare
    const conversationId = randomUUID();
    const before = scriptedCallPcmu(BEFORE, BEFORE_SECONDS);
    const after = scriptedCallPcmu(AFTER, AFTER_SECONDS);
    const port = await startBridge();
    const first = await openCall(port, conversationId);
    for (const frame of framesOf(before)) {
      first.sendAudio(frame, 2);
      await sleep(2);
    }
    // The four finished utterances are stored; the fifth is still being spoken.
    await until('four segments', async () =>
      (await segmentsOf(conversationId)).length >= 4 ? true : undefined,
    );

    // Act: kill the bridge mid-call, restart it on the same port, reconnect and finish
    await kill();
    await first.closed;
    await startBridge(port);
    const second = await openCall(port, conversationId, {
      continuedSessions: [
        { id: first.sessionId, serverseq: first.serverSeq, clientseq: first.seq },
      ],
    });
    for (const frame of framesOf(after)) second.sendAudio(frame, 2);
    await second.closeSession('end');
    const summaryKey = `cases/${CASE}/contacts/${conversationId}/summary.json`;
    await until(
      'the summary',
      async () => ((await list(pipeline.resultsBucket, summaryKey)).length > 0 ? true : undefined),
      30_000,
    );

    // Assess: each finished utterance once; the one in flight at the kill lost
    const segments = await segmentsOf(conversationId);
    expect(new Set(segments.map((s) => s.utterance_id)).size).toBe(segments.length);
    expect(segments).toHaveLength(6);
    const head = await pipeline.s3.send(
      new HeadObjectCommand({
        Bucket: pipeline.recordingsBucket,
        Key: liveRecordingKey(pipeline.recordingsPrefix, {
          ref: { case_id: CASE, contact_id: conversationId },
        }),
      }),
    );
    // The recording: 16-bit stereo PCM after a 44-byte header.
    const frames = ((head.ContentLength ?? 0) - 44) / 4;
    const afterFrames = after.length / 2;
    const kept = frames - afterFrames; // frames of the first session made durable before the kill
    const base = kept / 8000;
    expect(base).toBeGreaterThanOrEqual(BEFORE_SECONDS - PIECE_SECONDS - 0.5);
    expect(base).toBeLessThanOrEqual(BEFORE_SECONDS);
    const starts = segments.map((s) => [s.channel, s.start] as const);
    const expected: Array<[number, number]> = [
      ...BEFORE.slice(0, 4).map(
        (b) => [b.side === 'external' ? 0 : 1, b.start] as [number, number],
      ),
      ...AFTER.map((b) => [b.side === 'external' ? 0 : 1, base + b.start] as [number, number]),
    ];
    for (const [channel, start] of expected) {
      expect(
        starts.filter(([c, s]) => c === channel && Math.abs(s - start) < 0.35),
        `one segment on channel ${channel} near ${start}`,
      ).toHaveLength(1);
    }
    // "Audio sent" = the first session's frames up to the last durable piece, then every frame
    // of the second session: byte for byte what the pieces hold, and decoded, the recording.
    const sent = Buffer.concat([before.subarray(0, kept * 2), after]);
    expect(head.Metadata?.['live-received-sha256']).toBe(
      createHash('sha256').update(sent).digest('hex'),
    );
    const wav = await pipeline.s3.send(
      new GetObjectCommand({
        Bucket: pipeline.recordingsBucket,
        Key: liveRecordingKey(pipeline.recordingsPrefix, {
          ref: { case_id: CASE, contact_id: conversationId },
        }),
      }),
    );
    const body = await (
      wav.Body as { transformToByteArray(): Promise<Uint8Array> }
    ).transformToByteArray();
    const pcm = mulaw.decode(sent);
    expect(createHash('sha256').update(body.subarray(44)).digest('hex')).toBe(
      createHash('sha256')
        .update(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength))
        .digest('hex'),
    );
    // The utterance lost at the kill is in the recording: with the segments partial, the
    // post-call transcript comes from speech-to-text again even though reuse is on.
    expect(head.Metadata?.['live-segments']).toBe('partial');
    const transcript = await pipeline.s3.send(
      new GetObjectCommand({
        Bucket: pipeline.resultsBucket,
        Key: `cases/${CASE}/contacts/${conversationId}/transcript.json`,
      }),
    );
    const provenance = JSON.parse(
      await (transcript.Body as { transformToString(): Promise<string> }).transformToString(),
    ).provenance as { provider: string };
    expect(provenance.provider).toBe('instant');
    // The pieces are gone once the recording is handed on.
    expect(
      await list(pipeline.recordingsBucket, `${BRIDGE_ROOT}${CASE}/${conversationId}/`),
    ).toEqual([]);
  }, 90_000);

  it('assembles a killed call whose client never comes back, once it is abandoned', async () => {
    // Prepare: the bridge the first test restarted is not part of this call
    await kill();
    const conversationId = randomUUID();
    const before = scriptedCallPcmu(BEFORE, BEFORE_SECONDS);
    const port = await startBridge();
    const client = await openCall(port, conversationId);
    for (const frame of framesOf(before)) {
      client.sendAudio(frame, 2);
      await sleep(2);
    }
    await until('four segments', async () =>
      (await segmentsOf(conversationId)).length >= 4 ? true : undefined,
    );

    // Act: kill; the restarted bridge sweeps calls nobody holds
    await kill();
    await client.closed;
    await startBridge(0, { pollMs: 200, bridgeAbandonMs: 1500 });
    const summaryKey = `cases/${CASE}/contacts/${conversationId}/summary.json`;
    await until(
      'the summary',
      async () => ((await list(pipeline.resultsBucket, summaryKey)).length > 0 ? true : undefined),
      30_000,
    );

    // Assess: the persisted audio, byte for byte, under the call's own case and languages
    const head = await pipeline.s3.send(
      new HeadObjectCommand({
        Bucket: pipeline.recordingsBucket,
        Key: liveRecordingKey(pipeline.recordingsPrefix, {
          ref: { case_id: CASE, contact_id: conversationId },
        }),
      }),
    );
    const kept = ((head.ContentLength ?? 0) - 44) / 4;
    expect(kept / 8000).toBeGreaterThanOrEqual(BEFORE_SECONDS - PIECE_SECONDS - 0.5);
    expect(head.Metadata?.['live-received-sha256']).toBe(
      createHash('sha256')
        .update(before.subarray(0, kept * 2))
        .digest('hex'),
    );
    expect(head.Metadata?.['live-segments']).toBe('partial');
    expect(await segmentsOf(conversationId)).toHaveLength(4);
    const recording = await pipeline.s3.send(
      new GetObjectCommand({
        Bucket: pipeline.resultsBucket,
        Key: `cases/${CASE}/contacts/${conversationId}/recording.json`,
      }),
    );
    const info = JSON.parse(
      await (recording.Body as { transformToString(): Promise<string> }).transformToString(),
    ) as { languages: { caller: string }; channel_roles: Record<string, string> };
    expect(info.languages.caller).toBe('es');
    expect(info.channel_roles).toEqual({ '0': 'caller', '1': 'agent' });
  }, 90_000);
});
