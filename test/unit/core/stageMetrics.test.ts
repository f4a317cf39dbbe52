import { describe, expect, it } from 'vitest';
import { processStageRecord } from '../../../functions/core/processStageRecord';
import type { StageContext } from '../../../functions/core/stageContext';
import { summarizeContact } from '../../../functions/core/summarizeContact';
import { translateTranscript } from '../../../functions/core/translateTranscript';
import type { SummarizationProvider } from '../../../functions/providers/summarization/SummarizationProvider';
import type { TranslationProvider } from '../../../functions/providers/translation/TranslationProvider';
import { artifactKey, errorKey } from '../../../functions/shared/artifactKeys';
import type { RecordingInfo, Transcript } from '../../../functions/shared/documents';
import { MemoryMetrics } from '../../../local/memoryMetrics';
import { MemoryObjectStore } from '../../support/memoryObjectStore';

const RESULTS = 'results';
const ref = { case_id: 'CASE-9', contact_id: 'call-3' };
const message = { ...ref, artifact: { bucket: RESULTS, key: artifactKey(ref, 'recording') } };
const provenance = (latency_ms: number) => ({ provider: 'fake', model: 'fake', latency_ms });

/** Caller speaks English, the case worker reads German, so every translation is needed. */
function harness() {
  const store = new MemoryObjectStore();
  const metrics = new MemoryMetrics();
  const ctx: StageContext = {
    store,
    queue: { send: async () => {} },
    resultsBucket: RESULTS,
    nextQueueUrl: 'https://queue.local/next',
    log: { info: () => {}, warn: () => {}, error: () => {} },
    now: () => new Date('2026-11-23T10:00:00Z'),
    handoffStaleMs: 60_000,
    metrics,
  };
  const recording: RecordingInfo = {
    schema_version: '1.0',
    ...ref,
    source: { bucket: 'recordings', key: 'recordings/call-3.wav', size: 4, sha256: 'a'.repeat(64) },
    audio: { container: 'wav', codec: 'pcm', sample_rate: 8000, channels: 1, duration_seconds: 90 },
    languages: { caller: 'en', case_worker: 'de' },
    channel_roles: { '0': 'caller' },
    metadata_sources: [],
    received_at: '2026-11-23T09:59:00Z',
  };
  const transcript: Transcript = {
    schema_version: '1.0',
    ...ref,
    language: 'en',
    duration_seconds: 90,
    turns: [{ index: 0, speaker: 'caller', channel: 0, start: 0, end: 3, text: 'I moved.' }],
    ai_generated: true,
    provenance: provenance(5000),
  };
  store.put(RESULTS, artifactKey(ref, 'recording'), JSON.stringify(recording));
  store.put(RESULTS, artifactKey(ref, 'transcript'), JSON.stringify(transcript));
  return { store, metrics, ctx };
}

/** Answers each call after `latency` ms as the provider reports it. */
const translator = (latency: number): TranslationProvider => ({
  type: 'fake',
  async translate({ texts }) {
    return { texts: texts.map((text) => `de: ${text}`), provenance: provenance(latency) };
  },
});

const summarizer: SummarizationProvider = {
  type: 'fake',
  async summarize() {
    return {
      summary: {
        reason_for_contact: 'Change of address',
        key_facts: ['Moved'],
        next_steps: [],
        open_questions: [],
      },
      sentiment: { overall: 'neutral', per_speaker: {}, method: 'fake' },
      provenance: provenance(700),
    };
  },
};

describe('Core: metrics the stages record', () => {
  it('records the translation provider time, and none when the translation is reused', async () => {
    // Prepare
    const { ctx, metrics } = harness();

    // Act
    await translateTranscript(ctx, translator(250), message);
    await translateTranscript(ctx, translator(250), message);
    metrics.publish();

    // Assess
    expect(metrics.published.EngineTime).toEqual([250]);
  });

  it('records the summarizer time plus both summary translations, not the copied provenance', async () => {
    const { ctx, metrics } = harness();

    await summarizeContact(
      ctx,
      { summarization: summarizer, translation: translator(40) },
      message,
    );
    metrics.publish();

    // 700 (summary) + 40 (case worker's language); the caller's language is the spoken one.
    expect(metrics.published.EngineTime).toEqual([740]);
  });

  it('counts one error record for a message that is not a stage message', async () => {
    const { ctx, metrics, store } = harness();

    await processStageRecord(ctx, 'translate', { messageId: 'm-1', body: 'not json' }, () =>
      Promise.resolve(),
    );
    metrics.publish();

    expect(metrics.published.ErrorRecords).toEqual([1]);
    expect(await store.head(RESULTS, errorKey('translate', 'messages/m-1'))).toBeDefined();
  });
});
