import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptKey } from '../../../functions/core/erasure/eraseCase';
import {
  type ErasureReceipt,
  parseEraseRequest,
} from '../../../functions/core/erasure/eraseRequest';
import { parsePipelineConfig } from '../../../functions/shared/pipelineConfig';
import { LocalPipeline } from '../../../local/localPipeline';
import { speak } from '../../support/generateSpeech';

const config = parsePipelineConfig({
  speechToText: { type: 'pocketsphinx' },
  translation: { type: 'apertium' },
  summarization: { type: 'extractive' },
  languages: { caseWorker: 'es', defaultCaller: 'en' },
});

describe('Integration: erasure of a case (GDPR Art. 17)', () => {
  let dir: string;
  let pipeline: LocalPipeline;
  const request = {
    type: 'erase-case',
    case_id: 'ERASE-ME',
    request_id: 'req-1',
    requested_by: 'case-system-test',
  };

  const keys = async (bucket: string) => {
    const out = await pipeline.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    return (out.Contents ?? []).map((o) => o.Key ?? '');
  };
  const erase = async () => {
    await pipeline.sqs.send(
      new SendMessageCommand({
        QueueUrl: pipeline.queues.erase.url,
        MessageBody: JSON.stringify(request),
      }),
    );
    await pipeline.waitUntilIdle();
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callbrief-erase-'));
    const speech = await readFile(await speak(dir, 'call', 'I want to change my bank details.'));
    pipeline = await LocalPipeline.start({ pipeline: config, stateDir: join(dir, 'state') });
    const put = (key: string, body: Uint8Array | string) =>
      pipeline.s3.send(
        new PutObjectCommand({ Bucket: pipeline.recordingsBucket, Key: key, Body: body }),
      );
    await put(
      'recordings/erase-me.meta.json',
      JSON.stringify({ case_id: 'ERASE-ME', contact_id: 'c1' }),
    );
    await put('recordings/erase-me.wav', speech);
    await put(
      'recordings/keep-me.meta.json',
      JSON.stringify({ case_id: 'KEEP-ME', contact_id: 'c2' }),
    );
    await put('recordings/keep-me.wav', speech);
    await pipeline.waitUntilIdle();
    expect(await pipeline.drainSummaryReady()).toHaveLength(2);
  });

  afterAll(async () => {
    await pipeline?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('deletes every object of the case in both buckets and writes a receipt without personal data', async () => {
    await erase();
    const recordings = await keys(pipeline.recordingsBucket);
    const results = await keys(pipeline.resultsBucket);
    expect(recordings.filter((k) => k.includes('erase-me'))).toEqual([]);
    expect(results.filter((k) => k.includes('ERASE-ME'))).toEqual([]);
    // The other case is untouched.
    expect(recordings).toEqual(
      expect.arrayContaining(['recordings/keep-me.wav', 'recordings/keep-me.meta.json']),
    );
    expect(results.some((k) => k.startsWith('cases/KEEP-ME/contacts/c2/summary.json'))).toBe(true);

    const key = await receiptKey(pipeline, parseEraseRequest(JSON.stringify(request)));
    const out = await pipeline.s3.send(
      new GetObjectCommand({ Bucket: pipeline.resultsBucket, Key: key }),
    );
    const text = (await out.Body?.transformToString()) ?? '';
    const receipt = JSON.parse(text) as ErasureReceipt;
    expect(receipt).toMatchObject({
      type: 'erasure-receipt',
      request_id: 'req-1',
      requested_by: 'case-system-test',
    });
    expect(receipt.deleted.recordings_bucket).toBe(2);
    expect(receipt.deleted.results_bucket).toBeGreaterThanOrEqual(5);
    expect(text).not.toContain('ERASE-ME');
  });

  it('is idempotent: the same request again deletes nothing more and keeps its receipt', async () => {
    const before = await keys(pipeline.resultsBucket);
    await erase();
    expect(await keys(pipeline.resultsBucket)).toEqual(before);
  });
});
