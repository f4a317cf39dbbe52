import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValid } from '../../../functions/shared/schemas';
import type { LiveCallSummary } from '../../../live/calls/LiveCall';
import type { LiveSegment } from '../../../live/calls/liveSegment';
import {
  instantUtteranceSpeechToText,
  instantUtteranceTranslation,
} from '../../../live/instantEngines';
import { type LiveBridge, startLiveBridge } from '../../../live/startLiveBridge';
import { liveRecordingKey } from '../../../live/uploadRecording';
import type { LocalPipeline } from '../../../local/localPipeline';
import { framesOf, scriptedCallPcmu } from '../support/callAudio';
import { bridgeStorage, startPostCallPipeline } from '../support/liveTestPipeline';
import { connect, type SpecClient } from '../support/specClient';
import { readSse } from '../support/sse';

const API_KEY = 'live-call-key';
const SECRET = randomBytes(32).toString('base64');
const SCRIPT = [
  { side: 'external' as const, start: 0.5, end: 1.7 },
  { side: 'internal' as const, start: 2.5, end: 3.5 },
  { side: 'external' as const, start: 4.5, end: 5.4 },
  // Still speaking when the client closes at 7 s.
  { side: 'internal' as const, start: 6.2, end: 9 },
];

async function bodyText(body: unknown): Promise<string> {
  return (body as { transformToString(): Promise<string> }).transformToString();
}

describe('Class: LiveCall (bridge, views and post-call pipeline together)', () => {
  let pipeline: LocalPipeline;
  let live: LiveBridge;
  const ended: LiveCallSummary[] = [];

  // Tagging of every PutObject, by key.
  const putTagging: Array<{ key: string; tagging: string | undefined }> = [];

  beforeAll(async () => {
    pipeline = await startPostCallPipeline();
    pipeline.s3.middlewareStack.add(
      (next, context) => (args) => {
        const input = args.input as { Key?: string; Tagging?: string };
        if (context.commandName === 'PutObjectCommand' && input.Key)
          putTagging.push({ key: input.Key, tagging: input.Tagging });
        return next(args);
      },
      { step: 'initialize', name: 'recordPutTagging' },
    );
    live = await startLiveBridge({
      credentials: [{ apiKey: API_KEY, clientSecret: SECRET }],
      ...bridgeStorage(pipeline),
      providers: {
        speechToText: instantUtteranceSpeechToText(5),
        translation: instantUtteranceTranslation(5),
      },
      defaultCaseId: 'CASE-LIVE-1',
      onCallEnd: (summary) => ended.push(summary),
    });
  });
  afterAll(async () => {
    await live?.stop();
    await pipeline?.stop();
  });

  const segmentsOf = async (contact: string): Promise<LiveSegment[]> => {
    const listed = await pipeline.s3.send(
      new ListObjectsV2Command({
        Bucket: pipeline.resultsBucket,
        Prefix: `cases/CASE-LIVE-1/contacts/${contact}/live/`,
      }),
    );
    const keys = (listed.Contents ?? []).map((o) => o.Key as string).sort();
    return Promise.all(
      keys.map(async (Key) => {
        const object = await pipeline.s3.send(
          new GetObjectCommand({ Bucket: pipeline.resultsBucket, Key }),
        );
        return JSON.parse(await bodyText(object.Body)) as LiveSegment;
      }),
    );
  };

  const playCall = async (conversationId: string, pcmu: Uint8Array, closeAt: number) => {
    const client: SpecClient = await connect(live.bridge.url, {
      apiKey: API_KEY,
      clientSecret: SECRET,
    });
    client.send('open', {
      organizationId: randomUUID(),
      conversationId,
      participant: { id: randomUUID() },
      media: [{ type: 'audio', format: 'PCMU', channels: ['external', 'internal'], rate: 8000 }],
      language: 'es-ES',
    });
    await client.next('opened');
    const sent = createHash('sha256');
    for (const frame of framesOf(pcmu.subarray(0, closeAt * 8000 * 2))) {
      sent.update(frame);
      client.sendAudio(frame, 2);
    }
    return { client, sentSha256: sent.digest('hex') };
  };

  it('stores, shows and sends back each utterance in both languages and hands the recording on', async () => {
    // Prepare
    const conversationId = randomUUID();
    const pcmu = scriptedCallPcmu(SCRIPT, 10);
    const { client } = await playCall(conversationId, pcmu, 0);
    // Act: the views are opened while the call runs (links from the bridge's log are in views)
    const links = live.views.linksFor({ case_id: 'CASE-LIVE-1', contact_id: conversationId });
    expect(links).toBeDefined();
    const caseWorker = readSse(`${live.httpUrl}${links?.caseWorker}/events`);
    const citizen = readSse(`${live.httpUrl}${links?.citizen}/events`);
    await Promise.all([caseWorker.connected, citizen.connected]);
    const hash = createHash('sha256');
    for (const frame of framesOf(pcmu.subarray(0, 7 * 8000 * 2))) {
      hash.update(frame);
      client.sendAudio(frame, 2);
    }
    await client.closeSession('end');
    const [caseWorkerLines, citizenLines] = await Promise.all([caseWorker.ended, citizen.ended]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await pipeline.waitUntilIdle();
    // Assess: four utterances, the last cut by the close
    const events = client.received.filter((m) => m.type === 'event');
    expect(events).toHaveLength(4);
    const segments = await segmentsOf(conversationId);
    expect(segments.every((s) => isValid('live-segment', s))).toBe(true);
    expect(segments.map((s) => [s.speaker, s.channel])).toEqual([
      ['caller', 0],
      ['agent', 1],
      ['caller', 0],
      ['agent', 1],
    ]);
    expect(segments[0]?.start).toBeCloseTo(0.3, 0);
    expect(segments[3]?.end).toBeCloseTo(7, 1);
    expect(segments[0]).toMatchObject({
      language: 'es',
      caller_language: 'es',
      case_worker_language: 'de',
    });
    expect(segments[0]?.translation?.text).toMatch(/^\[de\] caller speaks/);
    expect(segments[1]).toMatchObject({ language: 'de', translation: { language: 'es' } });
    // Transcript events carry the spoken text, per channel, final, with offsets.
    const entities = events.map(
      (e) => (e.parameters.entities as Array<{ data: Record<string, unknown> }>)[0]?.data,
    );
    const firstEntity = entities.find((data) => data?.id === segments[0]?.utterance_id);
    expect(firstEntity).toMatchObject({
      channelId: 0,
      isFinal: true,
      id: segments[0]?.utterance_id,
    });
    expect(firstEntity?.offset).toMatch(/^PT0\.\d+S$/);
    // Segments and the view links carry their data class: they expire with their own rule.
    // (The S3 stand-in keeps no tags, so the test reads them off the requests.)
    const contactPrefix = `cases/CASE-LIVE-1/contacts/${conversationId}/`;
    const written = putTagging.filter(({ key }) => key.startsWith(contactPrefix));
    expect(written.filter(({ key }) => key.includes('/live/'))).toHaveLength(4);
    expect(written.filter(({ key }) => key.endsWith('/live-views.json'))).toHaveLength(2);
    for (const { key, tagging } of written.filter(({ key }) => /\/live[/-]/.test(key)))
      expect(tagging, key).toBe('callbrief%3Aclass=live-segment');
    // Case worker: German with the original beside; citizen: Spanish throughout.
    caseWorkerLines.sort((a, b) => a.start - b.start);
    citizenLines.sort((a, b) => a.start - b.start);
    expect(caseWorkerLines.map((l) => l.language)).toEqual(['de', 'de', 'de', 'de']);
    expect(caseWorkerLines[0]?.original?.language).toBe('es');
    expect(caseWorkerLines[1]?.original).toBeUndefined();
    expect(citizenLines.map((l) => l.language)).toEqual(['es', 'es', 'es', 'es']);
    expect(citizenLines[1]?.text).toMatch(/^\[es\] agent speaks/);
    // The links expire with the call.
    expect((await fetch(`${live.httpUrl}${links?.citizen}`)).status).toBe(410);
    // The recording reached the post-call pipeline unchanged.
    const key = liveRecordingKey(pipeline.recordingsPrefix, {
      ref: { case_id: 'CASE-LIVE-1', contact_id: conversationId },
    });
    const head = await pipeline.s3.send(
      new HeadObjectCommand({ Bucket: pipeline.recordingsBucket, Key: key }),
    );
    expect(head.Metadata?.['live-received-sha256']).toBe(hash.digest('hex'));
    const info = await pipeline.s3.send(
      new GetObjectCommand({
        Bucket: pipeline.resultsBucket,
        Key: `cases/CASE-LIVE-1/contacts/${conversationId}/recording.json`,
      }),
    );
    const recording = JSON.parse(await bodyText(info.Body)) as {
      source: { sha256: string };
      audio: { channels: number };
    };
    expect(recording.source.sha256).toBe(head.Metadata?.['live-sha256']);
    const summary = await pipeline.s3.send(
      new HeadObjectCommand({
        Bucket: pipeline.resultsBucket,
        Key: `cases/CASE-LIVE-1/contacts/${conversationId}/summary.json`,
      }),
    );
    expect(summary.ContentLength).toBeGreaterThan(0);
    // liveTranscript.reuse: the post-call transcript is the live segments, not a second run.
    expect(head.Metadata?.['live-segments']).toBe('complete');
    const transcriptObject = await pipeline.s3.send(
      new GetObjectCommand({
        Bucket: pipeline.resultsBucket,
        Key: `cases/CASE-LIVE-1/contacts/${conversationId}/transcript.json`,
      }),
    );
    const transcript = JSON.parse(await bodyText(transcriptObject.Body)) as {
      turns: Array<{ text: string; speaker: string; start: number }>;
      provenance: { provider: string; model: string };
    };
    expect(transcript.provenance).toMatchObject({
      provider: 'live-segments',
      model: 'instant-stt',
    });
    expect(transcript.turns.map((t) => [t.speaker, t.text, t.start])).toEqual(
      segments.map((s) => [s.speaker, s.text, s.start]),
    );
    expect(ended.find((e) => e.ref.contact_id === conversationId)).toMatchObject({
      segments: 4,
      failedUtterances: 0,
      end: { how: 'closed', reason: 'end' },
    });
  });

  it('neither doubles nor loses an utterance when the same call is streamed twice', async () => {
    const conversationId = randomUUID();
    const pcmu = scriptedCallPcmu(SCRIPT.slice(0, 3), 6);
    for (let run = 0; run < 2; run++) {
      const { client } = await playCall(conversationId, pcmu, 6);
      await client.closeSession('end');
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const segments = await segmentsOf(conversationId);
    expect(segments).toHaveLength(3);
    expect(new Set(segments.map((s) => s.utterance_id)).size).toBe(3);
  });

  it('keeps the utterance of a client that vanished mid-utterance', async () => {
    const conversationId = randomUUID();
    const pcmu = scriptedCallPcmu([{ side: 'external', start: 0.5, end: 5 }], 5);
    const { client } = await playCall(conversationId, pcmu, 3);
    client.send('ping', {});
    await client.next('pong');
    client.ws.terminate();
    for (let i = 0; i < 50 && !ended.some((e) => e.ref.contact_id === conversationId); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const segments = await segmentsOf(conversationId);
    expect(segments).toHaveLength(1);
    expect(segments[0]?.end).toBeCloseTo(3, 1);
    expect(ended.find((e) => e.ref.contact_id === conversationId)?.end).toEqual({
      how: 'vanished',
    });
  });
});
