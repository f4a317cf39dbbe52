import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqsHandler } from '../../functions/handlers/stageRuntime';
import type { StageName } from '../../functions/shared/documents';
import { parsePipelineConfig } from '../../functions/shared/pipelineConfig';
import { classifyInputs } from '../../local/inputOutcomes';
import { LocalPipeline } from '../../local/localPipeline';
import { speak } from '../support/generateSpeech';

const config = parsePipelineConfig({
  speechToText: { type: 'pocketsphinx' },
  translation: { type: 'apertium' },
  summarization: { type: 'extractive' },
  languages: { caseWorker: 'es', defaultCaller: 'en' },
});

/**
 * Faults injected around the real handlers: `translate` always throws for case FAIL (a provider
 * outage that never ends), and `summarize` crashes once per contact AFTER its work is done but
 * before the batch is acknowledged (the message is redelivered).
 */
function withFaults(stage: StageName, handler: SqsHandler): SqsHandler {
  const crashedOnce = new Set<string>();
  return async (event, context) => {
    if (stage === 'translate' && event.Records.some((r) => r.body.includes('"FAIL"'))) {
      throw new Error('injected provider outage');
    }
    const result = await handler(event, context);
    if (stage === 'summarize') {
      for (const record of event.Records) {
        if (!crashedOnce.has(record.body)) {
          crashedOnce.add(record.body);
          throw new Error('injected crash after writing output, before acknowledging');
        }
      }
    }
    return result;
  };
}

describe('Integration: retries, redrive and crash recovery', () => {
  let dir: string;
  let speech: Buffer;
  let pipeline: LocalPipeline;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callbrief-faults-'));
    speech = await readFile(await speak(dir, 'call', 'I need a new parking permit please.'));
    pipeline = await LocalPipeline.start({
      pipeline: config,
      batchSize: 1,
      maxReceiveCount: 3,
      retryDelaySeconds: 0,
      wrapHandler: withFaults,
    });
  });

  afterAll(async () => {
    await pipeline?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('dead-letters a record after maxReceiveCount transient failures and keeps the others going', async () => {
    const put = (key: string, caseId: string) =>
      pipeline.s3.send(
        new PutObjectCommand({
          Bucket: pipeline.recordingsBucket,
          Key: key,
          Body: speech,
          Metadata: { 'case-id': caseId },
        }),
      );
    await put('recordings/outage.wav', 'FAIL');
    await put('recordings/fine.wav', 'OK-1');
    await pipeline.waitUntilIdle();

    const notifications = await pipeline.drainSummaryReady();
    const outcomes = await classifyInputs(pipeline, [
      'recordings/outage.wav',
      'recordings/fine.wav',
    ]);

    expect(outcomes.map((o) => o.status)).toEqual(['dead-lettered', 'summarized']);
    // The crash after summarizing was retried without a second summary-ready message.
    expect(notifications.map((n) => n.case_id)).toEqual(['OK-1']);
  });
});
