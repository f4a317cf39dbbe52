import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CaseSummary,
  RecordingInfo,
  SummaryReadyMessage,
  Transcript,
} from '../../functions/shared/documents';
import { parsePipelineConfig } from '../../functions/shared/pipelineConfig';
import { LocalPipeline } from '../../local/localPipeline';
import {
  CONNECT_CONTACT_ID,
  CONNECT_KEY,
  GENESYS_CONVERSATION,
  GENESYS_RECORDINGS,
} from '../../scripts/make-telephony-samples';
import { speak } from '../support/generateSpeech';

const SAMPLES = join(import.meta.dirname, '../../samples/telephony');
const config = parsePipelineConfig({
  speechToText: { type: 'pocketsphinx' },
  translation: { type: 'apertium' },
  summarization: { type: 'extractive' },
  languages: { caseWorker: 'es', defaultCaller: 'en' },
  ingest: { sidecarWaitSeconds: 5 },
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** One pipeline's view: upload, then read what it wrote for a contact. */
function client(pipeline: LocalPipeline) {
  const upload = (key: string, body: Uint8Array | string) =>
    pipeline.s3.send(
      new PutObjectCommand({ Bucket: pipeline.recordingsBucket, Key: key, Body: body }),
    );
  const getJson = async <T>(key: string): Promise<T> => {
    const out = await pipeline.s3.send(
      new GetObjectCommand({ Bucket: pipeline.resultsBucket, Key: key }),
    );
    return JSON.parse(await (out.Body?.transformToString() ?? '')) as T;
  };
  const contact = async (ready: SummaryReadyMessage) => {
    const prefix = `cases/${ready.case_id}/contacts/${ready.contact_id}/`;
    return {
      recording: await getJson<RecordingInfo>(`${prefix}recording.json`),
      transcript: await getJson<Transcript>(`${prefix}transcript.json`),
      summary: await getJson<CaseSummary>(ready.summary.key),
    };
  };
  return { upload, contact };
}

/** Channel -> speakers heard on it, e.g. { 0: ['caller'], 1: ['agent'] }. */
function speakersByChannel(transcript: Transcript): Record<string, string[]> {
  const byChannel: Record<string, Set<string>> = {};
  for (const turn of transcript.turns) {
    const channel = String(turn.channel);
    byChannel[channel] = new Set([...(byChannel[channel] ?? []), turn.speaker]);
  }
  return Object.fromEntries(Object.entries(byChannel).map(([k, v]) => [k, [...v]]));
}

describe('Integration: telephony layouts through the local pipeline', () => {
  let pipeline: LocalPipeline;

  beforeAll(async () => {
    pipeline = await LocalPipeline.start({ pipeline: config, retryDelaySeconds: 1 });
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('reads the contact id, the call time and the channel roles from an Amazon Connect key', async () => {
    // Act
    await client(pipeline).upload(
      `${pipeline.recordingsPrefix}${CONNECT_KEY}`,
      await readFile(join(SAMPLES, 'connect-call.wav')),
    );
    await pipeline.waitUntilIdle();
    const ready = await pipeline.drainSummaryReady();

    // Assess
    expect(ready.map((r) => [r.case_id, r.contact_id])).toEqual([
      [`case-${CONNECT_CONTACT_ID}`, CONNECT_CONTACT_ID],
    ]);
    const { recording, transcript, summary } = await client(pipeline).contact(ready[0]!);
    expect(recording.metadata_sources).toEqual(['layout:amazon-connect']);
    expect(recording.telephony).toEqual({
      layout: 'amazon-connect',
      started_at: '2026-11-22T09:37:00.000Z',
    });
    expect(recording.channel_roles).toEqual({ '0': 'caller', '1': 'agent' });
    expect(speakersByChannel(transcript)).toEqual({ '0': ['caller'], '1': ['agent'] });
    expect(summary.languages).toEqual({ spoken: 'en', case_worker: 'es', caller: 'en' });
  });

  it('makes the Genesys conversation the case and each of its recordings a contact', async () => {
    // Prepare: uploaded as `npm start -- samples/telephony/genesys-export` does, metadata first.
    const root = join(SAMPLES, 'genesys-export');
    const files = (await filesUnder(root)).sort(
      (a, b) => Number(b.endsWith('.json')) - Number(a.endsWith('.json')),
    );

    // Act
    for (const file of files) {
      const key = `${pipeline.recordingsPrefix}${relative(root, file).split(sep).join('/')}`;
      await client(pipeline).upload(key, await readFile(file));
    }
    await pipeline.waitUntilIdle();
    const ready = await pipeline.drainSummaryReady();

    // Assess
    expect(ready.map((r) => [r.case_id, r.contact_id]).sort()).toEqual(
      GENESYS_RECORDINGS.map((id) => [GENESYS_CONVERSATION, id]),
    );
    for (const message of ready) {
      const { recording, transcript, summary } = await client(pipeline).contact(message);
      expect(recording.metadata_sources).toEqual([
        'layout:genesys-cloud',
        expect.stringMatching(/^genesys-metadata:recordings\/.*_metadata\.json$/),
      ]);
      expect(recording.telephony).toEqual({
        layout: 'genesys-cloud',
        started_at: '2026-11-22T09:12:03.512Z',
        conversation_id: GENESYS_CONVERSATION,
        media_type: 'call',
      });
      // en-US in the customer's participant data.
      expect(recording.languages).toEqual({ caller: 'en', case_worker: 'es' });
      expect(speakersByChannel(transcript)).toEqual({ '0': ['caller'], '1': ['agent'] });
      expect(summary.case_id).toBe(GENESYS_CONVERSATION);
    }
  });

  describe('a sidecar uploaded before or after its recording', () => {
    const key = 'recordings/orders/call 9.wav';
    const sidecar = JSON.stringify({ case_id: 'JC-9', contact_id: 'call-9', agent_channel: 0 });
    let speech: Buffer;
    let later: LocalPipeline | undefined;

    beforeAll(async () => {
      const dir = await mkdtemp(join(tmpdir(), 'callbrief-telephony-'));
      speech = await readFile(await speak(dir, 'order', 'I want to renew my residence permit.'));
      await rm(dir, { recursive: true, force: true });
    });

    afterAll(async () => {
      await later?.stop();
    });

    it('gives the same ids, languages, roles and summary in both orders', async () => {
      // Prepare: sidecar first, in the shared pipeline
      const first = client(pipeline);
      await first.upload('recordings/orders/call 9.meta.json', sidecar);
      await pipeline.waitUntilIdle();
      await first.upload(key, speech);
      await pipeline.waitUntilIdle();
      const [before] = await pipeline.drainSummaryReady();

      // Prepare: recording first, in a fresh pipeline; the sidecar follows once ingest waited
      let waited!: () => void;
      const ingestWaited = new Promise<void>((resolve) => {
        waited = resolve;
      });
      later = await LocalPipeline.start({
        pipeline: config,
        retryDelaySeconds: 1,
        onBatch: ({ stage, failedIds }) => {
          if (stage === 'ingest' && failedIds.length > 0) waited();
        },
      });
      const second = client(later);
      await second.upload(key, speech);
      await ingestWaited;
      await second.upload('recordings/orders/call 9.meta.json', sidecar);
      await later.waitUntilIdle();
      const afterReady = await later.drainSummaryReady();

      // Assess
      expect(afterReady).toHaveLength(1);
      const a = await first.contact(before!);
      const b = await second.contact(afterReady[0]!);
      expect([b.summary.case_id, b.summary.contact_id]).toEqual(['JC-9', 'call-9']);
      const { received_at: _a, ...recordingBefore } = a.recording;
      const { received_at: _b, ...recordingAfter } = b.recording;
      expect(recordingAfter).toEqual(recordingBefore);
      expect(b.recording.channel_roles).toEqual({ '0': 'agent', '1': 'caller' });
      expect(b.transcript.turns).toEqual(a.transcript.turns);
      expect(b.summary.languages).toEqual(a.summary.languages);
      expect(b.summary.summary).toEqual(a.summary.summary);
      expect(b.summary.caller_summary).toEqual(a.summary.caller_summary);
    });
  });
});
