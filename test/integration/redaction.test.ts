import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactKey, translationKey } from '../../functions/shared/artifactKeys';
import type {
  CaseSummary,
  RecordingInfo,
  StageMessage,
  Transcript,
  Translation,
} from '../../functions/shared/documents';
import { parsePipelineConfig } from '../../functions/shared/pipelineConfig';
import { isValid } from '../../functions/shared/schemas';
import { LocalPipeline } from '../../local/localPipeline';

const config = parsePipelineConfig({
  speechToText: { type: 'pocketsphinx' },
  translation: { type: 'apertium' },
  summarization: { type: 'extractive' },
  languages: { caseWorker: 'es', defaultCaller: 'en' },
});

const ref = { case_id: 'CASE-PII', contact_id: 'call-1' };
const IBAN = 'DE89 3704 0044 0532 0130 00';
const PHONE = '0171 2345678';
const EMAIL = 'anna.schmidt@example.com';
/** Every raw value, and pieces of them a partial redaction could leave behind. */
const RAW = [IBAN, 'DE89', '0532 0130', PHONE, '2345678', EMAIL, 'anna.schmidt'];

/**
 * PocketSphinx does not recognise digits reliably, so the transcript is written by hand, as a
 * transcript stored without redaction (before it was enabled) would be, and the contact enters
 * the pipeline at the translate queue; apertium and the extractive summarizer run for real.
 */
const transcript: Transcript = {
  schema_version: '1.0',
  ...ref,
  language: 'en',
  duration_seconds: 30,
  turns: [
    { index: 0, speaker: 'agent', start: 0, end: 3, text: 'Job centre, how can I help you?' },
    {
      index: 1,
      speaker: 'caller',
      start: 3,
      end: 8,
      text: 'I want my housing benefit paid to my new bank account.',
    },
    { index: 2, speaker: 'agent', start: 8, end: 10, text: 'Which bank account is it?' },
    {
      index: 3,
      speaker: 'caller',
      start: 10,
      end: 16,
      text: `The new bank account has the IBAN ${IBAN}.`,
    },
    { index: 4, speaker: 'agent', start: 16, end: 18, text: 'How can we reach you?' },
    {
      index: 5,
      speaker: 'caller',
      start: 18,
      end: 25,
      text: `Call me on ${PHONE} or write to ${EMAIL} about the bank account.`,
    },
    { index: 6, speaker: 'agent', start: 25, end: 30, text: 'I will send you the form by Friday.' },
  ],
  ai_generated: true,
  provenance: { provider: 'pocketsphinx', model: 'en-us', latency_ms: 0 },
};

describe('Integration: no identifier spoken in a call reaches the results bucket', () => {
  let pipeline: LocalPipeline;
  const seeded = [artifactKey(ref, 'recording'), artifactKey(ref, 'transcript')];

  const putJson = (key: string, document: unknown) =>
    pipeline.s3.send(
      new PutObjectCommand({
        Bucket: pipeline.resultsBucket,
        Key: key,
        Body: JSON.stringify(document),
      }),
    );
  const getText = async (key: string) => {
    const out = await pipeline.s3.send(
      new GetObjectCommand({ Bucket: pipeline.resultsBucket, Key: key }),
    );
    return out.Body!.transformToString();
  };
  const listKeys = async () => {
    const out = await pipeline.s3.send(
      new ListObjectsV2Command({ Bucket: pipeline.resultsBucket }),
    );
    return (out.Contents ?? []).map((o) => o.Key!);
  };

  beforeAll(async () => {
    pipeline = await LocalPipeline.start({ pipeline: config, retryDelaySeconds: 1 });
    const recording: RecordingInfo = {
      schema_version: '1.0',
      ...ref,
      source: {
        bucket: pipeline.recordingsBucket,
        key: 'recordings/call-1.wav',
        size: 480_044,
        sha256: 'c'.repeat(64),
      },
      audio: {
        container: 'wav',
        codec: 'pcm',
        sample_rate: 8000,
        channels: 1,
        duration_seconds: 30,
      },
      languages: { caller: 'en', case_worker: 'es' },
      channel_roles: {},
      metadata_sources: ['object-metadata'],
      received_at: '2026-11-23T10:00:00.000Z',
    };
    await putJson(artifactKey(ref, 'recording'), recording);
    await putJson(artifactKey(ref, 'transcript'), transcript);
    const message: StageMessage = {
      ...ref,
      artifact: { bucket: pipeline.resultsBucket, key: artifactKey(ref, 'transcript') },
    };
    await pipeline.sqs.send(
      new SendMessageCommand({
        QueueUrl: pipeline.queues.translate.url,
        MessageBody: JSON.stringify(message),
      }),
    );
    await pipeline.waitUntilIdle(20_000);
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('writes translation, summary and hand-off markers without any raw value', async () => {
    // Act
    const written = (await listKeys()).filter((key) => !seeded.includes(key));
    const holding: string[] = [];
    for (const key of written) {
      const text = await getText(key);
      if (RAW.some((value) => text.includes(value))) holding.push(key);
    }

    // Assess
    expect(written).toEqual(
      expect.arrayContaining([translationKey(ref, 'es'), artifactKey(ref, 'summary')]),
    );
    expect(written.filter((key) => key.startsWith('errors/'))).toEqual([]);
    expect(holding).toEqual([]);
    const [ready] = await pipeline.drainSummaryReady();
    expect(ready?.summary.key).toBe(artifactKey(ref, 'summary'));
  });

  it('keeps the placeholders through apertium and records what was removed', async () => {
    // Act
    const translation = JSON.parse(await getText(translationKey(ref, 'es'))) as Translation;

    // Assess (apertium returns "[TELÉFONO]" for "[PHONE]"; the placeholder is put back)
    expect(translation.turns[3]?.text).toContain('[IBAN]');
    expect(translation.turns[5]?.text).toMatch(/\[PHONE\].*\[EMAIL\]/);
    expect(translation.redactions?.map((r) => `${r.type} ${r.path}`)).toEqual([
      'IBAN turns[3].text',
      'PHONE turns[5].text',
      'EMAIL turns[5].text',
    ]);
    expect(isValid('translation', translation)).toBe(true);
  });

  it('publishes a summary that carries its redactions and only placeholders', async () => {
    // Act
    const summary = JSON.parse(await getText(artifactKey(ref, 'summary'))) as CaseSummary;

    // Assess
    // The summarizer got the transcript redacted, so the summary stage itself removed nothing.
    expect(summary.redactions).toEqual([]);
    expect(isValid('case-summary', summary)).toBe(true);
    expect(summary.caller_summary.key_facts.join(' ')).toMatch(/\[IBAN\].*\[PHONE\].*\[EMAIL\]/);
    // apertium returns "[TELÉFONO]" for "[PHONE]"; the placeholder is put back.
    expect(summary.summary.key_facts.join(' ')).toMatch(/\[IBAN\].*\[PHONE\].*\[EMAIL\]/);
  });
});
