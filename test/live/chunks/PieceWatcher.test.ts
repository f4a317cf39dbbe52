import { createHash, randomUUID } from 'node:crypto';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveSegment } from '../../../live/calls/liveSegment';
import { endMarkerKey, pieceKey, RECORDER_ROOT } from '../../../live/chunks/pieceLayout';
import { pieceWav } from '../../../live/chunks/pieceWav';
import {
  instantUtteranceSpeechToText,
  instantUtteranceTranslation,
} from '../../../live/instantEngines';
import { type LiveBridge, startLiveBridge } from '../../../live/startLiveBridge';
import { liveRecordingKey } from '../../../live/uploadRecording';
import type { LocalPipeline } from '../../../local/localPipeline';
import { type Burst, scriptedCallPcmu } from '../support/callAudio';
import { bridgeStorage, startPostCallPipeline } from '../support/liveTestPipeline';

const SCRIPT: Burst[] = [
  { side: 'external', start: 0.5, end: 1.7 },
  { side: 'internal', start: 2.5, end: 3.5 },
  { side: 'external', start: 4.5, end: 5.4 },
  { side: 'internal', start: 6.2, end: 7.4 },
];
const SECONDS = 8;
const PIECE_BYTES = 8000 * 2; // one second of stereo mu-law

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const text = async (body: unknown) =>
  (body as { transformToString(): Promise<string> }).transformToString();

describe('Class: PieceWatcher', () => {
  let pipeline: LocalPipeline;
  let live: LiveBridge;

  beforeAll(async () => {
    pipeline = await startPostCallPipeline();
    live = await startLiveBridge({
      credentials: [{ apiKey: 'unused' }],
      ...bridgeStorage(pipeline),
      providers: {
        speechToText: instantUtteranceSpeechToText(5),
        translation: instantUtteranceTranslation(5),
      },
      watchPieces: { pollMs: 100, gapTimeoutMs: 1500 },
    });
  });
  afterAll(async () => {
    await live?.stop();
    await pipeline?.stop();
  });

  const put = (Key: string, Body: Uint8Array | string) =>
    pipeline.s3.send(new PutObjectCommand({ Bucket: pipeline.recordingsBucket, Key, Body }));

  const list = async (Bucket: string, Prefix: string) =>
    ((await pipeline.s3.send(new ListObjectsV2Command({ Bucket, Prefix }))).Contents ?? []).map(
      (o) => o.Key as string,
    );

  const segmentsOf = async (caseId: string, contact: string): Promise<LiveSegment[]> => {
    const keys = await list(pipeline.resultsBucket, `cases/${caseId}/contacts/${contact}/live/`);
    return Promise.all(
      keys.sort().map(async (Key) => {
        const out = await pipeline.s3.send(
          new GetObjectCommand({ Bucket: pipeline.resultsBucket, Key }),
        );
        return JSON.parse(await text(out.Body)) as LiveSegment;
      }),
    );
  };

  const waitForRecording = async (caseId: string, contact: string) => {
    const Key = liveRecordingKey(pipeline.recordingsPrefix, {
      ref: { case_id: caseId, contact_id: contact },
    });
    const summaryKey = `cases/${caseId}/contacts/${contact}/summary.json`;
    for (let i = 0; i < 300; i++) {
      if ((await list(pipeline.resultsBucket, summaryKey)).length > 0) {
        return pipeline.s3.send(new HeadObjectCommand({ Bucket: pipeline.recordingsBucket, Key }));
      }
      await sleep(100);
    }
    throw new Error('no summary within 30 s');
  };

  /** Uploads the call as one-second pieces in the given order of sequence numbers. */
  const upload = async (call: string, pcmu: Uint8Array, order: number[]) => {
    const prefix = `${RECORDER_ROOT}${call}/`;
    for (const seq of order) {
      const data = pcmu.subarray(seq * PIECE_BYTES, (seq + 1) * PIECE_BYTES);
      await put(
        pieceKey(prefix, seq),
        pieceWav({ encoding: 'mulaw', channels: 2, sampleRate: 8000 }, data),
      );
      await sleep(30);
    }
    return prefix;
  };

  it('processes duplicated and reordered pieces once each, in order, and hands the call on', async () => {
    // Prepare: case and contact from the call's sidecar, as for a recording
    const call = `rec-${randomUUID()}`;
    const contact = `c-${randomUUID()}`;
    await put(
      `${RECORDER_ROOT}${call}/call.meta.json`,
      JSON.stringify({ case_id: 'CASE-PIECES', contact_id: contact, caller_language: 'es' }),
    );
    const pcmu = scriptedCallPcmu(SCRIPT, SECONDS);

    // Act: pieces out of order, three of them twice, the end marker before the last ones
    const prefix = await upload(call, pcmu, [0, 2, 1, 1, 3, 5, 4, 2, 6]);
    await put(endMarkerKey(prefix), JSON.stringify({ pieces: 8 }));
    await upload(call, pcmu, [7, 5]);
    const head = await waitForRecording('CASE-PIECES', contact);

    // Assess
    const segments = await segmentsOf('CASE-PIECES', contact);
    expect(segments.map((s) => [s.speaker, Math.round(s.start * 2) / 2])).toEqual([
      ['caller', 0.5],
      ['agent', 2.5],
      ['caller', 4.5],
      ['agent', 6],
    ]);
    expect(segments[0]).toMatchObject({ language: 'es', translation: { language: 'de' } });
    expect(head.Metadata?.['live-received-sha256']).toBe(
      createHash('sha256').update(pcmu).digest('hex'),
    );
    expect(head.Metadata?.['live-segments']).toBe('complete');
    const transcript = await pipeline.s3.send(
      new GetObjectCommand({
        Bucket: pipeline.resultsBucket,
        Key: `cases/CASE-PIECES/contacts/${contact}/transcript.json`,
      }),
    );
    expect(JSON.parse(await text(transcript.Body)).provenance.provider).toBe('live-segments');
    expect(await list(pipeline.recordingsBucket, prefix)).toEqual([]);
  }, 60_000);

  it('gives up a missing piece after the gap timeout and marks the call partial', async () => {
    // Prepare: no sidecar: ids derive from the call's key
    const call = `rec-${randomUUID()}`;
    const pcmu = scriptedCallPcmu(SCRIPT, SECONDS);

    // Act: piece 3 never arrives
    const prefix = await upload(call, pcmu, [0, 1, 2, 4, 5, 6, 7]);
    await put(endMarkerKey(prefix), JSON.stringify({ pieces: 8 }));
    let recording: string | undefined;
    for (let i = 0; i < 300 && !recording; i++) {
      await sleep(100);
      recording = (await list(pipeline.recordingsBucket, `${pipeline.recordingsPrefix}live/`)).find(
        (key) => key.endsWith('.wav') && !key.includes('CASE-PIECES'),
      );
    }

    // Assess: the recording lacks that second and says its segments are partial
    expect(recording).toBeDefined();
    const head = await pipeline.s3.send(
      new HeadObjectCommand({ Bucket: pipeline.recordingsBucket, Key: recording }),
    );
    expect(head.Metadata?.['live-segments']).toBe('partial');
    const kept = Buffer.concat([pcmu.subarray(0, 3 * PIECE_BYTES), pcmu.subarray(4 * PIECE_BYTES)]);
    expect(head.Metadata?.['live-received-sha256']).toBe(
      createHash('sha256').update(kept).digest('hex'),
    );
  }, 60_000);
});
