import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3ListKeys } from '../../functions/adapters/s3ListKeys';
import { S3ObjectStore } from '../../functions/adapters/s3ObjectStore';
import { SqsMessageQueue } from '../../functions/adapters/sqsMessageQueue';
import { reconcile } from '../../functions/core/reconcile/reconcile';
import { redrive } from '../../functions/core/redrive/redrive';
import { sqsRedrivePort } from '../../functions/core/redrive/sqsRedrivePort';
import type { SqsHandler } from '../../functions/handlers/stageRuntime';
import { dataClassTags } from '../../functions/shared/dataClasses';
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

/** Faults the tests switch on and off while the pipeline runs. */
const faults = { translateOutage: true, ingestDrops: true };

/**
 * `translate` throws for case OUTAGE while the outage lasts; `ingest` acknowledges the event of
 * `recordings/lost call.wav` without handling it (a message lost between S3 and ingest).
 */
function withFaults(stage: StageName, handler: SqsHandler): SqsHandler {
  return async (event, context) => {
    if (
      stage === 'translate' &&
      faults.translateOutage &&
      event.Records.some((r) => r.body.includes('"OUTAGE"'))
    ) {
      throw new Error('injected provider outage');
    }
    if (
      stage === 'ingest' &&
      faults.ingestDrops &&
      event.Records.some((r) => r.body.includes('lost+call.wav'))
    ) {
      return { batchItemFailures: [] };
    }
    return handler(event, context);
  };
}

describe('Integration: redrive dead letters and reconcile lost recordings', () => {
  let dir: string;
  let speech: Buffer;
  let pipeline: LocalPipeline;

  const put = (key: string, caseId: string) =>
    pipeline.s3.send(
      new PutObjectCommand({
        Bucket: pipeline.recordingsBucket,
        Key: key,
        Body: speech,
        Metadata: { 'case-id': caseId },
      }),
    );

  const depth = async (url: string) => {
    const out = await pipeline.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return (
      Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
    );
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callbrief-reconcile-'));
    speech = await readFile(await speak(dir, 'call', 'I need a new parking permit please.'));
    pipeline = await LocalPipeline.start({
      pipeline: config,
      batchSize: 1,
      maxReceiveCount: 2,
      retryDelaySeconds: 0,
      wrapHandler: withFaults,
    });
  });

  afterAll(async () => {
    await pipeline?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('redrives a dead-lettered translate message once the outage is over', async () => {
    await put('recordings/outage.wav', 'OUTAGE');
    await pipeline.waitUntilIdle();
    const translate = pipeline.queues.translate;
    expect(await depth(translate.dlqUrl)).toBe(1);

    faults.translateOutage = false;
    const moved = await redrive(sqsRedrivePort(pipeline.sqs), {
      from: translate.dlqUrl,
      to: translate.url,
      max: 100,
    });
    expect(moved).toBe(1);
    await pipeline.waitUntilIdle();

    expect(await depth(translate.dlqUrl)).toBe(0);
    const [outcome] = await classifyInputs(pipeline, ['recordings/outage.wav']);
    expect(outcome?.status).toBe('summarized');
    expect(outcome?.ref?.case_id).toBe('OUTAGE');
    const ready = await pipeline.drainSummaryReady();
    expect(ready.map((m) => m.case_id)).toEqual(['OUTAGE']);
  });

  it('reconciles a recording whose event ingest dropped, and only that one', async () => {
    await put('recordings/lost call.wav', 'LOST');
    await pipeline.waitUntilIdle();
    expect((await classifyInputs(pipeline, ['recordings/lost call.wav']))[0]?.status).toBe(
      'not-found',
    );

    faults.ingestDrops = false;
    const run = () =>
      reconcile(
        {
          store: new S3ObjectStore(pipeline.s3, dataClassTags),
          listKeys: s3ListKeys(pipeline.s3),
          log: { info: () => {}, warn: () => {}, error: () => {} },
        },
        {
          recordingsBucket: pipeline.recordingsBucket,
          resultsBucket: pipeline.resultsBucket,
          recordingsPrefix: pipeline.recordingsPrefix,
          olderThanMs: 0,
          maxReenqueue: 10,
          now: () => new Date(),
          ingestQueueUrl: pipeline.queues.ingest.url,
          queue: new SqsMessageQueue(pipeline.sqs),
          region: pipeline.region,
        },
      );
    const report = await run();
    expect(report).toMatchObject({ examined: 2, terminal: 1, reenqueued: 1, skipped: 0 });
    expect(report.reenqueuedKeys).toEqual(['recordings/lost call.wav']);
    await pipeline.waitUntilIdle();

    const [outcome] = await classifyInputs(pipeline, ['recordings/lost call.wav']);
    expect(outcome?.status).toBe('summarized');
    expect(outcome?.ref?.case_id).toBe('LOST');
    expect((await pipeline.drainSummaryReady()).map((m) => m.case_id)).toEqual(['LOST']);

    // A second run finds everything terminal and sends nothing.
    expect(await run()).toMatchObject({ examined: 2, terminal: 2, reenqueued: 0 });
  });
});
