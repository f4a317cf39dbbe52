import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CaseSummary,
  RecordingInfo,
  Transcript,
  Translation,
} from '../../functions/shared/documents';
import { parsePipelineConfig } from '../../functions/shared/pipelineConfig';
import { schemaProblems } from '../../functions/shared/schemas';
import { classifyInputs } from '../../local/inputOutcomes';
import { LocalPipeline } from '../../local/localPipeline';

const CHAT = join(import.meta.dirname, '../../samples/telephony/housing-benefit-chat.contact.json');
const EMAIL = join(import.meta.dirname, '../../schemas/examples/contact-text.json');
const config = parsePipelineConfig({
  speechToText: { type: 'pocketsphinx' },
  translation: { type: 'apertium' },
  summarization: { type: 'extractive' },
  languages: { caseWorker: 'es', defaultCaller: 'en' },
});

describe('Integration: chat and e-mail contacts through the local pipeline', () => {
  let pipeline: LocalPipeline;

  beforeAll(async () => {
    pipeline = await LocalPipeline.start({ pipeline: config, retryDelaySeconds: 1 });
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

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

  it('summarizes an English chat for a Spanish-speaking case worker without speech-to-text', async () => {
    // Act
    await upload('recordings/web/housing-benefit-chat.contact.json', await readFile(CHAT));
    await pipeline.waitUntilIdle();
    const ready = await pipeline.drainSummaryReady();

    // Assess
    expect(ready.map((r) => [r.case_id, r.contact_id])).toEqual([['CASE-2026-0042', 'chat-0002']]);
    const prefix = 'cases/CASE-2026-0042/contacts/chat-0002/';
    const recording = await getJson<RecordingInfo>(`${prefix}recording.json`);
    expect(recording).toMatchObject({
      channel: 'chat',
      source: { key: 'recordings/web/housing-benefit-chat.contact.json' },
      languages: { caller: 'en', case_worker: 'es' },
      metadata_sources: ['contact-document:recordings/web/housing-benefit-chat.contact.json'],
    });
    expect(recording).not.toHaveProperty('audio');
    expect(schemaProblems('recording-info', recording)).toEqual([]);

    const transcript = await getJson<Transcript>(`${prefix}transcript.json`);
    expect(transcript.provenance).toMatchObject({ provider: 'text-import', model: 'none' });
    expect(transcript.turns.map((t) => [t.speaker, t.start])).toEqual([
      ['caller', 0],
      ['agent', 40],
      ['caller', 75],
      ['agent', 125],
      ['caller', 150],
      ['agent', 170],
    ]);

    const translation = await getJson<Translation>(`${prefix}translation.es.json`);
    expect(translation).toMatchObject({ source_language: 'en', target_language: 'es' });
    expect(translation.turns).toHaveLength(6);
    expect(translation.turns[3]?.text).toMatch(/viernes/i);

    const summary = await getJson<CaseSummary>(ready[0]!.summary.key);
    expect(summary.languages).toEqual({ spoken: 'en', case_worker: 'es', caller: 'en' });
    // The channel shows in what the summary was made from: a chat document, imported as text.
    expect(summary.sources.recording.key).toMatch(/\.contact\.json$/);
    expect(summary.provenance.speech_to_text.provider).toBe('text-import');
    expect(summary.summary.reason_for_contact).toMatch(/beneficio/i);
    expect(summary.summary.next_steps.length).toBeGreaterThan(0);
  });

  it('summarizes an e-mail thread and rejects a .contact.json that is not a contact', async () => {
    // Act
    await upload('recordings/mail/registration.contact.json', await readFile(EMAIL));
    await upload('recordings/mail/notes.contact.json', '{"channel":"fax","messages":[]}');
    await pipeline.waitUntilIdle();
    const outcomes = await classifyInputs(pipeline, [
      'recordings/mail/registration.contact.json',
      'recordings/mail/notes.contact.json',
    ]);

    // Assess
    expect(outcomes.map((o) => o.status)).toEqual(['summarized', 'error']);
    expect(outcomes[1]?.error).toMatchObject({ stage: 'ingest', code: 'invalid-contact-document' });
    const recording = await getJson<RecordingInfo>(
      'cases/JC-2026-004711/contacts/mail-20261123-1402/recording.json',
    );
    expect(recording.channel).toBe('email');
    expect(await pipeline.drainSummaryReady()).toHaveLength(1);
  });
});
