import { describe, expect, it } from 'vitest';
import {
  holdForMetadata,
  MetadataPendingError,
  recordingKeyCandidates,
} from '../../../functions/core/ingest/metadataArrival';
import { processIngestRecord } from '../../../functions/core/ingest/processIngestRecord';
import type { RecordingInfo } from '../../../functions/shared/documents';
import { TransientError } from '../../../functions/shared/errors';
import {
  ingestHarness,
  offlineConfig,
  RECORDINGS,
  RESULTS,
  s3Record,
  T0,
  wav,
} from './ingestHarness';

const AUDIO = 'recordings/2026/call 7.wav';
const SIDECAR = 'recordings/2026/call 7.meta.json';
const META = JSON.stringify({ case_id: 'JC-7', contact_id: 'call-7', caller_language: 'en' });
const GENESYS = 'recordings/org/year=2026/month=11/day=22/hour=09/conversation_id=conv-1/';
const settings = (wait: number) => ({
  recordingsPrefix: 'recordings/',
  pipeline: offlineConfig({ sidecarWaitSeconds: wait }),
});
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('Function: holdForMetadata', () => {
  const missing = { metadataMissing: true };
  const object = { key: AUDIO, eventTime: T0.toISOString() };

  it('throws a transient error while a recording without metadata is younger than the wait', () => {
    expect(() => holdForMetadata(missing, object, later(4), 5)).toThrow(MetadataPendingError);
    expect(() => holdForMetadata(missing, object, later(4), 5)).toThrow(TransientError);
  });

  it('lets the recording through once the wait is over, without a wait, or with its metadata', () => {
    expect(() => holdForMetadata(missing, object, later(5), 5)).not.toThrow();
    expect(() => holdForMetadata(missing, object, later(1), 0)).not.toThrow();
    expect(() => holdForMetadata({ metadataMissing: false }, object, later(1), 5)).not.toThrow();
  });

  it('never holds a recording whose age is unknown', () => {
    expect(() => holdForMetadata(missing, { key: AUDIO }, later(1), 5)).not.toThrow();
  });
});

describe('Function: recordingKeyCandidates', () => {
  it.each([
    ['r/call.wav.meta.json', ['r/call.wav', 'r/call.wav.wav', 'r/call.wav.WAV']],
    ['r/call.meta.json', ['r/call.wav', 'r/call.WAV']],
    ['r/rec-1_metadata.json', ['r/rec-1.wav', 'r/rec-1.WAV']],
    ['r/call.wav', []],
  ])('maps %s to its recordings', (key, expected) => {
    expect(recordingKeyCandidates(key)).toEqual(expected);
  });
});

describe('Function: processIngestRecord with metadata arriving around the recording', () => {
  it('gives the same contact whether the sidecar comes before or after the recording', async () => {
    // Prepare: sidecar first
    const before = ingestHarness();
    before.store.put(RECORDINGS, SIDECAR, META);
    const sidecarFirst = await processIngestRecord(before.ctx, settings(5), s3Record(SIDECAR));
    before.store.put(RECORDINGS, AUDIO, wav());
    await processIngestRecord(before.ctx, settings(5), s3Record(AUDIO));

    // Prepare: recording first
    const after = ingestHarness();
    after.store.put(RECORDINGS, AUDIO, wav());
    after.clock.now = later(1);
    const early = processIngestRecord(after.ctx, settings(5), s3Record(AUDIO));
    await expect(early).rejects.toThrow(MetadataPendingError);
    after.store.put(RECORDINGS, SIDECAR, META);
    const sidecarLast = await processIngestRecord(after.ctx, settings(5), s3Record(SIDECAR));
    after.clock.now = later(2);
    const retried = await processIngestRecord(after.ctx, settings(5), s3Record(AUDIO));

    // Assess
    expect(sidecarFirst).toEqual([
      { status: 'ignored', reason: 'metadata document; its recording is not there yet' },
    ]);
    expect(sidecarLast.map((o) => o.status)).toEqual(['forwarded']);
    expect(retried.map((o) => o.status)).toEqual(['duplicate']);
    const key = 'cases/JC-7/contacts/call-7/recording.json';
    const [a, b] = await Promise.all([
      before.store.getJson<RecordingInfo>(RESULTS, key),
      after.store.getJson<RecordingInfo>(RESULTS, key),
    ]);
    const { received_at: _a, ...first } = a as RecordingInfo;
    const { received_at: _b, ...second } = b as RecordingInfo;
    expect(second).toEqual(first);
    expect(first.languages).toEqual({ caller: 'en', case_worker: 'es' });
    expect(before.sent).toHaveLength(1);
    expect(after.sent).toHaveLength(1);
  });

  it('ingests a recording whose metadata never came once the wait is over', async () => {
    // Prepare
    const h = ingestHarness();
    h.store.put(RECORDINGS, AUDIO, wav());
    h.clock.now = later(6);

    // Act
    const [outcome] = await processIngestRecord(h.ctx, settings(5), s3Record(AUDIO));

    // Assess
    expect(outcome?.status).toBe('forwarded');
    expect(outcome && 'recording' in outcome && outcome.recording.case_id).toMatch(/^case-/);
  });

  it('waits for a Genesys _metadata.json and is ingested by its arrival', async () => {
    // Prepare
    const h = ingestHarness();
    h.store.put(RECORDINGS, `${GENESYS}rec-1.wav`, wav());

    // Act
    const early = processIngestRecord(h.ctx, settings(60), s3Record(`${GENESYS}rec-1.wav`));
    await expect(early).rejects.toThrow(MetadataPendingError);
    h.store.put(RECORDINGS, `${GENESYS}rec-1_metadata.json`, '{"mediaType":"Call"}');
    const [outcome] = await processIngestRecord(
      h.ctx,
      settings(60),
      s3Record(`${GENESYS}rec-1_metadata.json`),
    );

    // Assess
    expect(outcome?.status).toBe('forwarded');
    const recording = outcome && 'recording' in outcome ? outcome.recording : undefined;
    expect(recording).toMatchObject({
      case_id: 'conv-1',
      contact_id: 'rec-1',
      channel: 'call',
      source: { key: `${GENESYS}rec-1.wav` },
      telephony: { layout: 'genesys-cloud', conversation_id: 'conv-1', media_type: 'call' },
    });
  });

  it('does not wait for keys that carry their ids (Amazon Connect)', async () => {
    // Prepare
    const h = ingestHarness();
    const key = 'recordings/connect/x/CallRecordings/2026/11/22/abc-1_20261122T09:37_UTC.wav';
    h.store.put(RECORDINGS, key, wav());

    // Act
    const [outcome] = await processIngestRecord(h.ctx, settings(60), s3Record(key));

    // Assess
    expect(outcome && 'recording' in outcome && outcome.recording).toMatchObject({
      case_id: 'case-abc-1',
      contact_id: 'abc-1',
      channel_roles: { '0': 'caller', '1': 'agent' },
      metadata_sources: ['layout:amazon-connect'],
      telephony: { layout: 'amazon-connect', started_at: '2026-11-22T09:37:00.000Z' },
    });
  });
});

describe('Function: processIngestRecord with metadata later than the wait', () => {
  it('ingests the recording again under the metadata ids and warns', async () => {
    // Prepare
    const h = ingestHarness();
    const warnings: string[] = [];
    h.ctx.log = { ...h.ctx.log, warn: (message) => warnings.push(message) };
    h.store.put(RECORDINGS, AUDIO, wav());

    // Act
    const [first] = await processIngestRecord(h.ctx, settings(0), s3Record(AUDIO));
    h.store.put(RECORDINGS, SIDECAR, META);
    const [second] = await processIngestRecord(h.ctx, settings(0), s3Record(SIDECAR));

    // Assess
    expect(first && 'recording' in first && first.recording.case_id).toMatch(/^case-/);
    expect(second && 'recording' in second && second.recording.case_id).toBe('JC-7');
    expect(warnings).toEqual(['metadata arrived after its recording was ingested without it']);
  });
});
