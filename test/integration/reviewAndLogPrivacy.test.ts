import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../functions/shared/documents';
import { parsePipelineConfig } from '../../functions/shared/pipelineConfig';
import { LocalPipeline } from '../../local/localPipeline';
import { type FakeServer, startFakeServer } from '../contract/support/fakeServer';
import { speak } from '../support/generateSpeech';

/** Personal data seeded into metadata, transcript and summary; none of it may reach a log line. */
const SECRETS = [
  'Pfefferkorn',
  'Annegret',
  'DE89370400440532013000',
  'DE89 3704',
  '5550123',
  'pfefferkorn@example.org',
];
const spoken =
  'my name is Annegret Pfefferkorn, my IBAN is DE89 3704 0044 0532 0130 00, call me on 0171 5550123 or write to annegret.pfefferkorn@example.org';

describe('Integration: human review of summaries and personal data kept out of logs', () => {
  let dir: string;
  let stt: FakeServer;
  let chat: FakeServer;
  let pipeline: LocalPipeline;
  const logLines: string[] = [];
  const originalWrite = process.stdout.write.bind(process.stdout);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callbrief-review-'));
    stt = await startFakeServer(() => ({
      body: {
        language: 'en',
        duration: 4,
        text: spoken,
        segments: [{ start: 0, end: 4, text: spoken }],
      },
    }));
    chat = await startFakeServer(() => ({
      body: {
        choices: [
          {
            message: {
              content: JSON.stringify({
                reason_for_contact: 'Annegret Pfefferkorn wants to change her bank account.',
                key_facts: ['New account DE89 3704 0044 0532 0130 00.'],
                next_steps: [{ action: 'Update the bank details.', owner: 'authority', due: null }],
                open_questions: [],
                sentiment: {
                  overall: 'neutral',
                  per_speaker: { agent: null, caller: 'neutral', unknown: null },
                },
              }),
            },
          },
        ],
      },
    }));
    const transport = { allowLoopback: true, retryBaseDelayMs: 10 };
    const config = parsePipelineConfig({
      speechToText: {
        type: 'openai-compatible',
        baseUrl: stt.baseUrl,
        model: 'whisper',
        ...transport,
      },
      translation: { type: 'apertium' },
      summarization: {
        type: 'openai-compatible',
        baseUrl: chat.baseUrl,
        model: 'llm',
        ...transport,
      },
      languages: { caseWorker: 'en' },
    });
    // Every structured log line of every handler at the most verbose level is captured.
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logLines.push(String(chunk));
      return (originalWrite as (c: string | Uint8Array, ...r: unknown[]) => boolean)(
        chunk,
        ...rest,
      );
    }) as typeof process.stdout.write;
    pipeline = await LocalPipeline.start({
      pipeline: config,
      logLevel: 'DEBUG',
      stateDir: join(dir, 'state'),
    });
    const audio = await speak(dir, 'call', 'hello');
    const { readFile } = await import('node:fs/promises');
    await pipeline.s3.send(
      new PutObjectCommand({
        Bucket: pipeline.recordingsBucket,
        Key: 'recordings/pfefferkorn-call.wav',
        Body: await readFile(audio),
        Metadata: {
          'case-id': 'CASE-77',
          'contact-id': 'call-1',
          'caller-name': 'Annegret Pfefferkorn',
        },
      }),
    );
    await pipeline.waitUntilIdle();
  });

  afterAll(async () => {
    process.stdout.write = originalWrite;
    await pipeline?.stop();
    await Promise.all([stt?.close(), chat?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  const getSummary = async (key: string) => {
    const out = await pipeline.s3.send(
      new GetObjectCommand({ Bucket: pipeline.resultsBucket, Key: key }),
    );
    return JSON.parse((await out.Body?.transformToString()) ?? '{}') as CaseSummary;
  };

  it('logs structured JSON lines and none carries metadata, transcript or summary content', () => {
    const lines = logLines
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.trim().startsWith('{'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(() => JSON.parse(line)).not.toThrow();
      for (const secret of SECRETS) expect(line).not.toContain(secret);
    }
  });

  it('records an approval and stores a correction beside the untouched AI original', async () => {
    const send = (body: unknown) =>
      pipeline.sqs.send(
        new SendMessageCommand({
          QueueUrl: pipeline.queues.review.url,
          MessageBody: JSON.stringify(body),
        }),
      );
    const base = {
      type: 'review-summary',
      case_id: 'CASE-77',
      contact_id: 'call-1',
      reviewed_by: 'caseworker-17',
    };
    await send({ ...base, decision: 'approved' });
    await pipeline.waitUntilIdle();
    const original = await getSummary('cases/CASE-77/contacts/call-1/summary.json');
    expect(original.ai_generated).toBe(true);

    const corrected = {
      reason_for_contact: 'Change of bank account.',
      key_facts: [],
      next_steps: [{ action: 'Update the bank details in the case file.', owner: 'authority' }],
      open_questions: [],
    };
    await send({ ...base, decision: 'corrected', summary: corrected });
    await pipeline.waitUntilIdle();
    const correction = await getSummary('cases/CASE-77/contacts/call-1/summary.corrected.json');
    expect(correction).toMatchObject({ review_status: 'corrected', summary: corrected });
    const review = (await getSummary(
      'cases/CASE-77/contacts/call-1/review.json',
    )) as unknown as Record<string, unknown>;
    expect(review).toMatchObject({ decision: 'corrected', reviewed_by: 'caseworker-17' });
    expect(await getSummary('cases/CASE-77/contacts/call-1/summary.json')).toEqual(original);
  });
});
