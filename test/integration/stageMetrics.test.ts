import { randomBytes } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCaseIdMac } from '../../functions/core/erasure/caseIdMac';
import { createIngestHandler } from '../../functions/handlers/ingest';
import type { StageRuntime } from '../../functions/handlers/stageRuntime';
import { createTranscribeHandler } from '../../functions/handlers/transcribe';
import type { SpeechToTextProvider } from '../../functions/providers/speechToText/SpeechToTextProvider';
import { TransientError } from '../../functions/shared/errors';
import { parsePipelineConfig } from '../../functions/shared/pipelineConfig';
import { MemoryMetrics } from '../../local/memoryMetrics';
import { type S3StandIn, startS3StandIn } from '../../local/s3StandIn';
import { type SqsStandIn, startSqsStandIn } from '../../local/sqsStandIn';
import { standInClients } from '../../local/standInClients';
import { wav } from '../unit/ingest/ingestHarness';

const REGION = 'eusc-de-east-1';
const RECORDINGS = 'metrics-recordings';
const RESULTS = 'metrics-results';
/** Long ago: no sidecar wait holds these recordings back. */
const EVENT_TIME = '2026-01-05T10:00:00.000Z';
const ENGINE_MS = 1234;

const pipeline = parsePipelineConfig({
  speechToText: { type: 'pocketsphinx' },
  translation: { type: 'apertium' },
  summarization: { type: 'extractive' },
  languages: { caseWorker: 'es', defaultCaller: 'en' },
});

/** Speech to text that answers at once, or fails like a throttled API while `down` is set. */
const engine: SpeechToTextProvider & { down: boolean } = {
  down: false,
  type: 'fake',
  async transcribe() {
    if (this.down) throw new TransientError('engine throttled');
    return {
      language: 'en',
      turns: [{ index: 0, speaker: 'caller', channel: 0, start: 0, end: 1, text: 'Hello.' }],
      provenance: { provider: 'fake', model: 'fake', latency_ms: ENGINE_MS },
    };
  },
};

let s3StandIn: S3StandIn;
let sqsStandIn: SqsStandIn;
let s3: S3Client;
let sqs: SQSClient;
let nextQueueUrl: string;

function runtime(metrics: MemoryMetrics): StageRuntime {
  return {
    env: {
      recordingsBucket: RECORDINGS,
      resultsBucket: RESULTS,
      recordingsPrefix: 'recordings/',
      nextQueueUrl,
      handoffStaleSeconds: 60,
      pipeline,
    },
    s3,
    sqs,
    logger: new Logger({ serviceName: 'callbrief-test', logLevel: 'SILENT' }),
    providers: { speechToText: engine },
    metrics,
    caseIdMac: localCaseIdMac(randomBytes(32)),
  };
}

/** A Lambda SQS event of one record, delivered for the `receiveCount`-th time. */
function sqsEvent(body: unknown, receiveCount = 1): SQSEvent {
  return {
    Records: [
      {
        messageId: `m-${crypto.randomUUID()}`,
        receiptHandle: 'r',
        body: JSON.stringify(body),
        attributes: {
          ApproximateReceiveCount: String(receiveCount),
          SentTimestamp: '0',
          SenderId: 'test',
          ApproximateFirstReceiveTimestamp: '0',
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws-eusc:sqs:eusc-de-east-1:123456789012:test',
        awsRegion: REGION,
      },
    ],
  };
}

const s3Notification = (key: string) => ({
  Records: [
    {
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      eventTime: EVENT_TIME,
      s3: { bucket: { name: RECORDINGS }, object: { key } },
    },
  ],
});

const upload = (key: string, body: Uint8Array) =>
  s3.send(new PutObjectCommand({ Bucket: RECORDINGS, Key: key, Body: body }));

const context = {} as Context;

beforeAll(async () => {
  s3StandIn = await startS3StandIn([RECORDINGS, RESULTS]);
  sqsStandIn = await startSqsStandIn(REGION);
  ({ s3, sqs } = standInClients({
    region: REGION,
    s3Endpoint: s3StandIn.endpoint,
    sqsEndpoint: sqsStandIn.endpoint,
  }));
  nextQueueUrl = sqsStandIn.createQueueWithDlq('metrics-next', {
    visibilityTimeoutSeconds: 30,
    maxReceiveCount: 3,
  }).url;
});

afterAll(async () => {
  await sqsStandIn?.stop();
  await s3StandIn?.stop();
});

describe('Integration: stage metrics recorded by the handlers', () => {
  it('records a processed record with its latency and audio minutes, published once', async () => {
    // Prepare
    await upload('recordings/half-minute.wav', wav(30, 1));
    const metrics = new MemoryMetrics();
    const handler = createIngestHandler(runtime(metrics));

    // Act
    const result = await handler(sqsEvent(s3Notification('recordings/half-minute.wav')), context);

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(metrics.publishes).toBe(1);
    expect(metrics.published.RecordsProcessed).toEqual([1]);
    expect(metrics.published.AudioMinutes).toEqual([0.5]);
    expect(metrics.published.StageLatency).toHaveLength(1);
    expect(metrics.published.StageLatency?.[0]).toBeGreaterThanOrEqual(0);
    expect(metrics.published.RecordsFailed).toBeUndefined();
    expect(metrics.published.RecordsRetried).toBeUndefined();
    expect(metrics.published.ErrorRecords).toBeUndefined();
  });

  it('counts a redelivered record as retried, and a duplicate adds no audio minutes', async () => {
    const metrics = new MemoryMetrics();
    const handler = createIngestHandler(runtime(metrics));

    await handler(sqsEvent(s3Notification('recordings/half-minute.wav'), 2), context);

    expect(metrics.published.RecordsRetried).toEqual([1]);
    expect(metrics.published.RecordsProcessed).toEqual([1]);
    expect(metrics.published.AudioMinutes).toBeUndefined();
  });

  it('counts an error record for input rejected for good; the record is acknowledged', async () => {
    await upload('recordings/not-audio.wav', new TextEncoder().encode('plain text, not a WAV'));
    const metrics = new MemoryMetrics();
    const handler = createIngestHandler(runtime(metrics));

    const result = await handler(sqsEvent(s3Notification('recordings/not-audio.wav')), context);

    expect(result).toEqual({ batchItemFailures: [] });
    expect(metrics.published.ErrorRecords).toEqual([1]);
    expect(metrics.published.RecordsProcessed).toEqual([1]);
    expect(metrics.published.RecordsFailed).toBeUndefined();
  });

  it('counts a record thrown back to the queue as failed, and no engine time', async () => {
    // Prepare: ingest hands the contact on; the engine is down when transcribe takes it.
    await drainNextQueue();
    await upload('recordings/retry-me.wav', wav(6, 1));
    await createIngestHandler(runtime(new MemoryMetrics()))(
      sqsEvent(s3Notification('recordings/retry-me.wav')),
      context,
    );
    const [recording] = await drainNextQueue();
    const metrics = new MemoryMetrics();
    const handler = createTranscribeHandler(runtime(metrics));
    engine.down = true;

    // Act
    const event = sqsEvent(recording);
    const result = await handler(event, context);

    // Assess
    expect(result).toEqual({
      batchItemFailures: [{ itemIdentifier: event.Records[0]?.messageId }],
    });
    expect(metrics.published.RecordsFailed).toEqual([1]);
    expect(metrics.published.RecordsProcessed).toBeUndefined();
    expect(metrics.published.StageLatency).toBeUndefined();
    expect(metrics.published.EngineTime).toBeUndefined();
    expect(metrics.publishes).toBe(1);

    // Act: the queue delivers it again after the outage.
    engine.down = false;
    await handler(sqsEvent(recording, 2), context);

    // Assess: the provider's own latency, and the minutes it transcribed.
    expect(metrics.published.RecordsRetried).toEqual([1]);
    expect(metrics.published.RecordsProcessed).toEqual([1]);
    expect(metrics.published.EngineTime).toEqual([ENGINE_MS]);
    expect(metrics.published.AudioMinutes).toEqual([0.1]);
    expect(metrics.publishes).toBe(2);
  });
});

/** Takes every message the handlers under test handed on to the next queue. */
async function drainNextQueue(): Promise<unknown[]> {
  const bodies: unknown[] = [];
  for (;;) {
    const out = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: nextQueueUrl, MaxNumberOfMessages: 10 }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) return bodies;
    for (const message of messages) {
      bodies.push(JSON.parse(message.Body ?? '{}'));
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: nextQueueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
    }
  }
}
