import { Logger } from '@aws-lambda-powertools/logger';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createdObjectsOf } from '../../functions/core/ingest/objectEvents';
import { createReconcileHandler } from '../../functions/handlers/reconcile';
import { artifactKey } from '../../functions/shared/artifactKeys';
import { readReconcileEnvironment } from '../../functions/shared/reconcileEnvironment';
import { type S3StandIn, startS3StandIn } from '../../local/s3StandIn';
import { type SqsStandIn, startSqsStandIn } from '../../local/sqsStandIn';
import { standInClients } from '../../local/standInClients';

const REGION = 'eusc-de-east-1';
const RECORDINGS = 'reconcile-recordings';
const RESULTS = 'reconcile-results';
const HOUR = 3_600_000;

let s3StandIn: S3StandIn;
let sqsStandIn: SqsStandIn;
let s3: S3Client;
let sqs: SQSClient;
let ingestQueueUrl: string;

const put = (bucket: string, key: string, body: string) =>
  s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));

/** Takes every notification on the ingest queue; returns the recording keys they name. */
async function drainIngest(): Promise<string[]> {
  const keys: string[] = [];
  for (;;) {
    const out = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: ingestQueueUrl, MaxNumberOfMessages: 10 }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) return keys;
    for (const message of messages) {
      keys.push(...createdObjectsOf(message.Body ?? '').map((object) => object.key));
      await sqs.send(
        new DeleteMessageCommand({
          QueueUrl: ingestQueueUrl,
          ReceiptHandle: message.ReceiptHandle,
        }),
      );
    }
  }
}

/** The handler over the stand-ins, with the settings the stack sets by default. */
function reconcileHandler(now: Date) {
  return createReconcileHandler({
    env: {
      recordingsBucket: RECORDINGS,
      resultsBucket: RESULTS,
      recordingsPrefix: 'recordings/',
      ingestQueueUrl,
      olderThanMinutes: 60,
      maxReenqueue: 500,
      region: REGION,
    },
    s3,
    sqs,
    logger: new Logger({ serviceName: 'callbrief-reconcile', logLevel: 'SILENT' }),
    now: () => now,
  });
}

beforeAll(async () => {
  s3StandIn = await startS3StandIn([RECORDINGS, RESULTS]);
  sqsStandIn = await startSqsStandIn(REGION);
  ({ s3, sqs } = standInClients({
    region: REGION,
    s3Endpoint: s3StandIn.endpoint,
    sqsEndpoint: sqsStandIn.endpoint,
  }));
  ingestQueueUrl = sqsStandIn.createQueueWithDlq('reconcile-ingest', {
    visibilityTimeoutSeconds: 30,
    maxReceiveCount: 3,
  }).url;

  // One recording that got its summary, one whose S3 event was lost, one with an error record.
  await put(RECORDINGS, 'recordings/done call.wav', 'RIFF');
  await put(RECORDINGS, 'recordings/stuck call.wav', 'RIFF');
  await put(RECORDINGS, 'recordings/rejected.wav', 'not audio');
  await put(RECORDINGS, 'recordings/done call.meta.json', '{}');
  const ref = { case_id: 'CASE-1', contact_id: 'call-1' };
  await put(
    RESULTS,
    artifactKey(ref, 'recording'),
    JSON.stringify({
      ...ref,
      source: { bucket: RECORDINGS, key: 'recordings/done call.wav', size: 4, sha256: 'x' },
    }),
  );
  await put(RESULTS, artifactKey(ref, 'summary'), JSON.stringify(ref));
  await put(
    RESULTS,
    'errors/ingest/objects/abc.json',
    JSON.stringify({
      stage: 'ingest',
      code: 'unsupported-audio',
      input: { bucket: RECORDINGS, key: 'recordings/rejected.wav' },
    }),
  );
});

afterAll(async () => {
  await sqsStandIn?.stop();
  await s3StandIn?.stop();
});

describe('Handler: reconcile (against the S3 and SQS stand-ins)', () => {
  it('leaves recordings younger than olderThanMinutes alone', async () => {
    // Act
    const counts = await reconcileHandler(new Date())();

    // Assess
    expect(counts).toEqual({ examined: 3, terminal: 2, reenqueued: 0, skipped: 1 });
    expect(await drainIngest()).toEqual([]);
  });

  it('re-enqueues the stuck recording, and neither the summarized nor the rejected one', async () => {
    // Act: two hours later, the stuck recording is old enough to be called lost.
    const counts = await reconcileHandler(new Date(Date.now() + 2 * HOUR))();

    // Assess
    expect(counts).toEqual({ examined: 3, terminal: 2, reenqueued: 1, skipped: 0 });
    expect(await drainIngest()).toEqual(['recordings/stuck call.wav']);
  });
});

describe('Function: readReconcileEnvironment', () => {
  const env = {
    RECORDINGS_BUCKET: 'rec',
    RESULTS_BUCKET: 'res',
    RECORDINGS_PREFIX: 'recordings/',
    INGEST_QUEUE_URL: 'https://sqs.eusc-de-east-1.amazonaws.eu/123456789012/ingest',
    RECONCILE_OLDER_THAN_MINUTES: '60',
    RECONCILE_MAX_REENQUEUE: '500',
    AWS_REGION: REGION,
  };

  it('reads the variables the stack sets into numbers and names', () => {
    expect(readReconcileEnvironment(env)).toEqual({
      recordingsBucket: 'rec',
      resultsBucket: 'res',
      recordingsPrefix: 'recordings/',
      ingestQueueUrl: env.INGEST_QUEUE_URL,
      olderThanMinutes: 60,
      maxReenqueue: 500,
      region: REGION,
    });
  });

  it('names every missing or invalid variable', () => {
    const { RESULTS_BUCKET: _results, ...withoutResults } = env;

    expect(() =>
      readReconcileEnvironment({ ...withoutResults, RECONCILE_MAX_REENQUEUE: '0' }),
    ).toThrow(/RESULTS_BUCKET, RECONCILE_MAX_REENQUEUE/);
  });
});
