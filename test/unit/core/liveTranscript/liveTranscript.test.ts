import { describe, expect, it } from 'vitest';
import {
  liveSegmentSource,
  transcriptFromLiveSegments,
} from '../../../../functions/core/liveTranscript/liveTranscript';
import type { RecordingInfo } from '../../../../functions/shared/documents';
import { parsePipelineConfig } from '../../../../functions/shared/pipelineConfig';
import { isValid } from '../../../../functions/shared/schemas';
import type { LiveSegment } from '../../../../live/calls/liveSegment';
import { MemoryObjectStore } from '../../../support/memoryObjectStore';

const REF = { case_id: 'CASE-1', contact_id: 'call-1' };
const RECORDING: RecordingInfo = {
  schema_version: '1.1',
  ...REF,
  channel: 'call',
  source: { bucket: 'rec', key: 'recordings/live/CASE-1/call-1.wav', size: 100, sha256: 'x' },
  audio: {
    container: 'wav',
    codec: 'pcm_s16le',
    sample_rate: 8000,
    channels: 2,
    duration_seconds: 9,
  },
  languages: { caller: 'es', case_worker: 'de' },
  channel_roles: { '0': 'caller', '1': 'agent' },
  metadata_sources: [],
  received_at: '2026-12-03T00:00:00Z',
};

function segment(channel: number, start: number, text: string): LiveSegment {
  return {
    schema_version: '1.1',
    ...REF,
    utterance_id: '00000000-0000-5000-a000-000000000000',
    channel,
    speaker: channel === 0 ? 'caller' : 'agent',
    start,
    end: start + 1,
    language: channel === 0 ? 'es' : 'de',
    text,
    case_worker_language: 'de',
    caller_language: 'es',
    provenance: { speech_to_text: { provider: 'instant', model: 'stt-1', latency_ms: 3 } },
    latency_ms: 400,
    created_at: '2026-12-03T00:00:00Z',
  };
}

function storeWith(coverage: string | undefined): MemoryObjectStore {
  const store = new MemoryObjectStore();
  store.put('rec', RECORDING.source.key, 'RIFF', coverage ? { 'live-segments': coverage } : {});
  const segments = [
    segment(1, 2.5, 'Guten Tag'),
    segment(0, 0.5, 'Hola'),
    segment(0, 5, 'Gracias'),
  ];
  for (const s of segments) {
    const ms = String(Math.round(s.start * 1000)).padStart(10, '0');
    store.put(
      'res',
      `cases/CASE-1/contacts/call-1/live/${ms}-${s.channel}.json`,
      JSON.stringify(s),
    );
  }
  store.put('res', 'cases/CASE-1/contacts/call-1/live/notes.txt', 'not a segment');
  return store;
}

const listOf = (store: MemoryObjectStore) => async (bucket: string, prefix: string) =>
  [...store.objects.keys()]
    .filter((k) => k.startsWith(`${bucket}/${prefix}`))
    .map((k) => ({ key: k.slice(bucket.length + 1) }));

describe('Function: transcriptFromLiveSegments', () => {
  it('returns the segments as turns in conversation order when they cover the call', async () => {
    // Prepare
    const store = storeWith('complete');
    // Act
    const transcript = await transcriptFromLiveSegments(
      store,
      RECORDING,
      liveSegmentSource(listOf(store), store, 'res'),
    );
    // Assess
    expect(transcript?.turns.map((t) => [t.index, t.speaker, t.text])).toEqual([
      [0, 'caller', 'Hola'],
      [1, 'agent', 'Guten Tag'],
      [2, 'caller', 'Gracias'],
    ]);
    expect(transcript?.provenance).toMatchObject({ provider: 'live-segments', model: 'stt-1' });
    expect(transcript?.language).toBe('es');
    expect(isValid('transcript', transcript)).toBe(true);
  });

  it('returns undefined when the segments are partial or the recording says nothing', async () => {
    for (const coverage of ['partial', undefined]) {
      const store = storeWith(coverage);
      const source = liveSegmentSource(listOf(store), store, 'res');
      expect(await transcriptFromLiveSegments(store, RECORDING, source)).toBeUndefined();
    }
  });
});

describe('Config: liveTranscript', () => {
  it('defaults to re-transcribing and rejects a reuse that is not a boolean', () => {
    const base = {
      speechToText: { type: 'pocketsphinx' },
      translation: { type: 'apertium' },
      summarization: { type: 'extractive' },
    };
    expect(parsePipelineConfig(base).liveTranscript.reuse).toBe(false);
    expect(
      parsePipelineConfig({ ...base, liveTranscript: { reuse: true } }).liveTranscript.reuse,
    ).toBe(true);
    expect(() => parsePipelineConfig({ ...base, liveTranscript: { reuse: 'yes' } })).toThrow(
      /liveTranscript\.reuse/,
    );
  });
});
