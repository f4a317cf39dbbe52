import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWavFormat } from '../../functions/audio/wavReader';
import { createdObjectsOf } from '../../functions/core/ingest/objectEvents';
import type { ProviderSet } from '../../functions/handlers/stageRuntime';
import { UnsupportedAudioError } from '../../functions/shared/errors';
import { parsePipelineConfig } from '../../functions/shared/pipelineConfig';
import { classifyInputs, type InputOutcome } from '../../local/inputOutcomes';
import { LocalPipeline, STAGES } from '../../local/localPipeline';
import { makeEncodedCorpus } from '../fixtures/bad-inputs/encodedRecordings';
import { type BadInput, makeCorpus } from '../fixtures/bad-inputs/makeCorpus';

const config = parsePipelineConfig({
  speechToText: { type: 'pocketsphinx' },
  translation: { type: 'apertium' },
  summarization: { type: 'extractive' },
  languages: { caseWorker: 'es', defaultCaller: 'en' },
});

const provenance = (provider: string) => ({ provider, model: 'fake', latency_ms: 0 });

const fakeTranscript = (language: string | undefined) => ({
  language: language ?? 'en',
  turns: [
    { index: 0, speaker: 'agent' as const, start: 0, end: 0.2, text: 'How can I help you?' },
    { index: 1, speaker: 'caller' as const, start: 0.2, end: 0.4, text: 'I need a form.' },
  ],
  provenance: provenance('fake-stt'),
});

/**
 * Instant engines: ingest and the decoding before speech-to-text are under test, no Debian
 * engine runs. The speech-to-text stand-in insists on what every engine gets: 16-bit PCM WAV
 * with the rate and channels the request names.
 */
const providers: ProviderSet = {
  speechToText: {
    type: 'fake',
    transcribe: async (request) => {
      const format = await readWavFormat(request.audioPath);
      const got = [format.encoding, format.bitsPerSample, format.sampleRate, format.channels];
      const named = ['pcm', got[1], request.sampleRate, request.channels];
      if (JSON.stringify(got) !== JSON.stringify(named) || format.frames === 0) {
        throw new UnsupportedAudioError(`the engine got ${got.join('/')}, not ${named.join('/')}`);
      }
      return fakeTranscript(request.language);
    },
  },
  translation: {
    type: 'fake',
    translate: async (request) => ({ texts: request.texts, provenance: provenance('fake-mt') }),
  },
  summarization: {
    type: 'fake',
    summarize: async () => ({
      summary: {
        reason_for_contact: 'The caller needs a form.',
        key_facts: ['A form is needed.'],
        next_steps: [{ action: 'Send the form.', owner: 'authority' }],
        open_questions: [],
      },
      sentiment: { overall: 'neutral', per_speaker: {}, method: 'fake' },
      provenance: provenance('fake-llm'),
    }),
  },
};

// Encoded with Debian tools at collection time (sox, lame, opusenc): see encodedRecordings.ts.
const encoded = await makeEncodedCorpus();

describe('Integration: the bad-inputs corpus in one local pipeline run', () => {
  const corpus = [...makeCorpus(), ...encoded];
  let pipeline: LocalPipeline;
  let outcomes: Map<string, InputOutcome>;
  /** Objects whose ingest message failed (an error escaped the handler: a crash, not a record). */
  const failedKeys: string[] = [];
  let deadLetters: Record<string, number>;

  beforeAll(async () => {
    pipeline = await LocalPipeline.start({
      pipeline: config,
      providers,
      retryDelaySeconds: 1,
      maxReceiveCount: 2,
      onBatch: (report) => {
        for (const record of report.records) {
          if (!report.failedIds.includes(record.messageId)) continue;
          if (report.stage !== 'ingest') failedKeys.push(`${report.stage}: ${record.body}`);
          else for (const o of createdObjectsOf(record.body)) failedKeys.push(`ingest: ${o.key}`);
        }
      },
    });
    const put = (key: string, body: Uint8Array | string, metadata?: Record<string, string>) =>
      pipeline.s3.send(
        new PutObjectCommand({
          Bucket: pipeline.recordingsBucket,
          Key: key,
          Body: body,
          Metadata: metadata,
        }),
      );
    // Metadata first, as telephony systems are told to upload it; then every recording.
    for (const input of corpus) if (input.sidecar) await put(input.sidecar.key, input.sidecar.body);
    for (const input of corpus) await put(input.key, input.body, input.metadata);
    await pipeline.waitUntilIdle(120_000);
    deadLetters = {};
    for (const queue of [...STAGES, 'erase', 'review'] as const) {
      const out = await pipeline.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: pipeline.queues[queue].dlqUrl,
          AttributeNames: ['ApproximateNumberOfMessages'],
        }),
      );
      deadLetters[queue] = Number(out.Attributes?.ApproximateNumberOfMessages ?? 0);
    }
    const classified = await classifyInputs(
      pipeline,
      corpus.map((c) => c.key),
    );
    outcomes = new Map(classified.map((o) => [o.key, o]));
  }, 180_000);

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('holds at least 30 cases with unique keys', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    expect(new Set(corpus.map((c) => c.key)).size).toBe(corpus.length);
  });

  it('crashes no handler: no message failed and no dead-letter queue holds one', () => {
    expect([...new Set(failedKeys)]).toEqual([]);
    expect(deadLetters).toEqual(Object.fromEntries(Object.keys(deadLetters).map((q) => [q, 0])));
  });

  const byName = (c: BadInput) => [c.name, c] as [string, BadInput];
  const documented = (_name: string, input: BadInput) => {
    const outcome = outcomes.get(input.key);
    const expected = input.expected;
    if (expected.status === 'summarized') {
      expect(outcome, JSON.stringify(outcome?.error)).toMatchObject({ status: 'summarized' });
      if (expected.ids === 'derived') {
        expect(outcome?.ref?.case_id).toMatch(/^case-[0-9a-f]{16}$/);
        expect(outcome?.ref?.contact_id).toMatch(/^contact-[0-9a-f]{16}$/);
      } else if (expected.ids) {
        expect(outcome?.ref).toMatchObject(expected.ids);
      }
    } else {
      expect(outcome?.status).toBe('error');
      const stage = expected.stage ?? 'ingest';
      expect(outcome?.error).toMatchObject({ stage, code: expected.code });
      expect(outcome?.error?.message).toContain(expected.reason);
    }
  };
  it.each(corpus.map(byName))('%s ends as documented', documented);

  it('summarizes every good neighbour of the bad inputs, the controls among them', () => {
    const good = corpus.filter((c) => c.expected.status === 'summarized');
    expect(good.map((c) => c.name)).toContain('control-valid');
    expect(good.filter((c) => outcomes.get(c.key)?.status !== 'summarized')).toEqual([]);
  });
});
