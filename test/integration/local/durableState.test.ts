import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3ListKeys } from '../../../functions/adapters/s3ListKeys';
import { S3ObjectStore } from '../../../functions/adapters/s3ObjectStore';
import { SqsMessageQueue } from '../../../functions/adapters/sqsMessageQueue';
import { reconcile } from '../../../functions/core/reconcile/reconcile';
import { redrive } from '../../../functions/core/redrive/redrive';
import { sqsRedrivePort } from '../../../functions/core/redrive/sqsRedrivePort';
import { dataClassTags } from '../../../functions/shared/dataClasses';
import { parsePipelineConfig } from '../../../functions/shared/pipelineConfig';
import { classifyInputs } from '../../../local/inputOutcomes';
import { LocalPipeline, type LocalPipelineOptions } from '../../../local/localPipeline';
import { instantEngines } from '../../../local/soak/instantEngines';

const config = parsePipelineConfig({
  speechToText: { type: 'pocketsphinx' },
  translation: { type: 'apertium' },
  summarization: { type: 'extractive' },
  languages: { caseWorker: 'es', defaultCaller: 'en' },
});

/** Instant engines, with an outage of speech-to-text while `outage.on` is true. */
const outage = { on: true };
const engines = instantEngines(async (capability) => {
  if (outage.on && capability === 'speech-to-text') throw new Error('injected provider outage');
});

describe('LocalPipeline: state that outlives the process', () => {
  let dir: string;
  let state: string;
  let wav: Buffer;

  const start = (extra: Partial<LocalPipelineOptions> = {}) =>
    LocalPipeline.start({
      pipeline: config,
      stateDir: state,
      providers: engines,
      maxReceiveCount: 2,
      retryDelaySeconds: 0,
      ...extra,
    });

  const upload = (pipeline: LocalPipeline, key: string, caseId: string) =>
    pipeline.s3.send(
      new PutObjectCommand({
        Bucket: pipeline.recordingsBucket,
        Key: key,
        Body: wav,
        Metadata: { 'case-id': caseId },
      }),
    );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callbrief-durable-'));
    state = join(dir, 'state');
    wav = await readFile('samples/citizen-call.wav');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the reason of a dead letter and keeps it for a redrive in a later run', async () => {
    outage.on = true;
    const first = await start();
    try {
      await upload(first, 'recordings/outage.wav', 'CASE-OUTAGE');
      await first.waitUntilIdle();
      const [outcome] = await classifyInputs(first, ['recordings/outage.wav']);
      expect(outcome?.status).toBe('dead-lettered');
      expect(outcome?.reason).toContain('injected provider outage');
    } finally {
      await first.stop();
    }
    outage.on = false;
    const later = await start();
    try {
      expect(later.peekDeadLetters('transcribe')).toHaveLength(1);
      const queue = later.queues.transcribe;
      const moved = await redrive(sqsRedrivePort(later.sqs), {
        from: queue.dlqUrl,
        to: queue.url,
        max: 10,
      });
      expect(moved).toBe(1);
      await later.waitUntilIdle();
      const [outcome] = await classifyInputs(later, ['recordings/outage.wav']);
      expect(outcome?.status).toBe('summarized');
    } finally {
      await later.stop();
    }
  }, 120_000);

  it('re-processes a call whose earlier attempt failed when reconcile runs', async () => {
    outage.on = true;
    const first = await start();
    try {
      await upload(first, 'recordings/failed-before.wav', 'CASE-FAILED');
      await first.waitUntilIdle();
      // The dead letter is gone (expired, or purged by an operator): only reconcile can help.
      await first.drain(first.queues.transcribe.dlqUrl);
    } finally {
      await first.stop();
    }
    outage.on = false;
    const later = await start();
    try {
      const report = await reconcile(
        {
          store: new S3ObjectStore(later.s3, dataClassTags),
          listKeys: s3ListKeys(later.s3),
          log: { info: () => {}, warn: () => {}, error: () => {} },
        },
        {
          recordingsBucket: later.recordingsBucket,
          resultsBucket: later.resultsBucket,
          recordingsPrefix: later.recordingsPrefix,
          olderThanMs: 0,
          maxReenqueue: 10,
          now: () => new Date(),
          ingestQueueUrl: later.queues.ingest.url,
          queue: new SqsMessageQueue(later.sqs),
          region: later.region,
          resetHandoffs: true,
        },
      );
      expect(report.reenqueuedKeys).toContain('recordings/failed-before.wav');
      await later.waitUntilIdle();
      const [outcome] = await classifyInputs(later, ['recordings/failed-before.wav']);
      expect(outcome?.status).toBe('summarized');
    } finally {
      await later.stop();
    }
  }, 120_000);

  it('prints a progress line while a long stage runs', async () => {
    const lines: string[] = [];
    const slow = await LocalPipeline.start({
      pipeline: config,
      providers: instantEngines(undefined, 400),
      progressIntervalMs: 100,
      onRunning: ({ stage, ms }) => lines.push(`${stage} ${ms}`),
    });
    try {
      await upload(slow, 'recordings/slow.wav', 'CASE-SLOW');
      await slow.waitUntilIdle();
    } finally {
      await slow.stop();
    }
    expect(lines.some((line) => line.startsWith('transcribe '))).toBe(true);
  }, 60_000);
});
