import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseSummary, ErrorRecord } from '../../functions/shared/documents';
import { parsePipelineConfig } from '../../functions/shared/pipelineConfig';
import { classifyInputs, exportResults } from '../../local/inputOutcomes';
import { LocalPipeline } from '../../local/localPipeline';
import { speak } from '../support/generateSpeech';

const config = parsePipelineConfig({
  speechToText: { type: 'pocketsphinx' },
  translation: { type: 'apertium' },
  summarization: { type: 'extractive' },
  languages: { caseWorker: 'es', defaultCaller: 'en' },
});

describe('Integration: local pipeline over the S3 and SQS stand-ins', () => {
  let dir: string;
  let speech: Buffer;
  let pipeline: LocalPipeline;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callbrief-it-'));
    const file = await speak(
      dir,
      'call',
      'I would like to apply for housing benefit. I will send you the form by Friday.',
    );
    speech = await readFile(file);
    pipeline = await LocalPipeline.start({ pipeline: config, retryDelaySeconds: 1 });
  });

  afterAll(async () => {
    await pipeline?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const upload = (key: string, body: Uint8Array | string, metadata?: Record<string, string>) =>
    pipeline.s3.send(
      new PutObjectCommand({
        Bucket: pipeline.recordingsBucket,
        Key: key,
        Body: body,
        Metadata: metadata,
      }),
    );

  const getJson = async <T>(key: string): Promise<T> => {
    const out = await pipeline.s3.send(
      new GetObjectCommand({ Bucket: pipeline.resultsBucket, Key: key }),
    );
    return JSON.parse(await out.Body!.transformToString()) as T;
  };

  it('summarizes a recording once even when it is uploaded twice under the same key', async () => {
    const key = 'recordings/twice uploaded.wav';
    await upload(key, speech, { 'case-id': 'CASE-1', 'contact-id': 'c-1' });
    await upload(key, speech, { 'case-id': 'CASE-1', 'contact-id': 'c-1' });
    await pipeline.waitUntilIdle();
    const notifications = await pipeline.drainSummaryReady();
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({
      case_id: 'CASE-1',
      contact_id: 'c-1',
      type: 'case-summary-ready',
    });
    const summary = await getJson<CaseSummary>(notifications[0]!.summary.key);
    expect(summary).toMatchObject({
      ai_generated: true,
      languages: { spoken: 'en', case_worker: 'es', caller: 'en' },
    });
    const [outcome] = await classifyInputs(pipeline, [key]);
    expect(outcome?.status).toBe('summarized');
  });

  it('writes error records for a truncated WAV and a text file named .wav without stopping the others', async () => {
    const truncated = speech.subarray(0, 2000);
    await upload('recordings/truncated.wav', truncated);
    await upload('recordings/notes.wav', 'these are meeting notes, not audio\n');
    await upload('recordings/good.wav', speech, { 'case-id': 'CASE-2' });
    await pipeline.waitUntilIdle();
    const outcomes = await classifyInputs(pipeline, [
      'recordings/truncated.wav',
      'recordings/notes.wav',
      'recordings/good.wav',
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['error', 'error', 'summarized']);
    expect(outcomes[0]?.error).toMatchObject({ stage: 'ingest', code: 'corrupt-audio' });
    expect(outcomes[1]?.error).toMatchObject({ stage: 'ingest', code: 'unsupported-audio' });
    const record = await getJson<ErrorRecord>(outcomes[0]!.error!.recordKey);
    expect(record.input).toEqual({
      bucket: pipeline.recordingsBucket,
      key: 'recordings/truncated.wav',
    });
    expect(record.message).toMatch(/truncated/);
    expect(await pipeline.drainSummaryReady()).toHaveLength(1);
  });

  it('ignores objects outside the recordings prefix and metadata sidecars', async () => {
    await upload('elsewhere/x.wav', speech);
    await upload('recordings/only.meta.json', '{"case_id":"CASE-3"}');
    await pipeline.waitUntilIdle();
    expect(await pipeline.drainSummaryReady()).toHaveLength(0);
  });

  it('rejects a second, different recording for an already processed contact', async () => {
    const other = Buffer.from(speech);
    other.writeInt16LE(1234, 1000);
    await upload('recordings/again.wav', other, { 'case-id': 'CASE-1', 'contact-id': 'c-1' });
    await pipeline.waitUntilIdle();
    const [outcome] = await classifyInputs(pipeline, ['recordings/again.wav']);
    expect(outcome?.error?.code).toBe('contact-conflict');
  });

  it('writes only documents that validate against schemas/ (checked with the published CLI)', async () => {
    const out = join(dir, 'results');
    const written = await exportResults(pipeline, out);
    expect(written.length).toBeGreaterThan(5);
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      'scripts/validate-documents.ts',
      out,
    ]);
    expect(stdout).toMatch(/0 invalid/);
  });
});
