import { randomBytes } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateTopicCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCaseIdMac } from '../../functions/core/erasure/caseIdMac';
import { createIngestHandler } from '../../functions/handlers/ingest';
import type { ErrorRecord, RecordingInfo } from '../../functions/shared/documents';
import { parsePipelineConfig } from '../../functions/shared/pipelineConfig';
import { s3EventBridgeEvent, s3EventNotification } from '../../local/s3EventBridge';
import { type S3StandIn, startS3StandIn } from '../../local/s3StandIn';
import { standInClients } from '../../local/standInClients';
import { wav } from '../unit/ingest/ingestHarness';

const REGION = 'eusc-de-east-1';
const RECORDINGS = 'shapes-recordings';
const RESULTS = 'shapes-results';

let s3StandIn: S3StandIn;
let fauxqs: Awaited<ReturnType<typeof startFauxqs>>;
let s3: S3Client;
let sqs: SQSClient;
let sns: SNSClient;
let ingestQueueUrl: string;
let ingestQueueArn: string;
let transcribeQueueUrl: string;
let handler: ReturnType<typeof createIngestHandler>;

const upload = async (key: string, body: Uint8Array) => {
  const put = await s3.send(new PutObjectCommand({ Bucket: RECORDINGS, Key: key, Body: body }));
  return { size: body.byteLength, eTag: put.ETag ?? '' };
};

const readJson = async <T>(key: string): Promise<T | undefined> => {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: RESULTS, Key: key }));
    return JSON.parse(await out.Body!.transformToString()) as T;
  } catch {
    return undefined;
  }
};

/** What Lambda's event source mapping hands the function for messages read from the queue. */
function lambdaEvent(messages: Message[]): SQSEvent {
  return {
    Records: messages.map((message) => ({
      messageId: message.MessageId!,
      receiptHandle: message.ReceiptHandle!,
      body: message.Body!,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'test',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: {},
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: ingestQueueArn,
      awsRegion: REGION,
    })),
  };
}

async function receiveOne(queueUrl: string): Promise<Message> {
  const out = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 2 }),
  );
  const [message] = out.Messages ?? [];
  if (!message) throw new Error(`no message on ${queueUrl}`);
  return message;
}

/** The recording.json ingest wrote for a key (ids derived from the key, no metadata). */
async function recordingInfoFor(key: string): Promise<RecordingInfo | undefined> {
  const message = await receiveOne(transcribeQueueUrl);
  const ref = JSON.parse(message.Body!) as { case_id: string; contact_id: string };
  const info = await readJson<RecordingInfo>(
    `cases/${ref.case_id}/contacts/${ref.contact_id}/recording.json`,
  );
  return info?.source.key === key ? info : undefined;
}

beforeAll(async () => {
  s3StandIn = await startS3StandIn([RECORDINGS, RESULTS]);
  fauxqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false, defaultRegion: REGION });
  ({ s3, sqs } = standInClients({
    region: REGION,
    s3Endpoint: s3StandIn.endpoint,
    sqsEndpoint: fauxqs.address,
  }));
  sns = new SNSClient({
    region: REGION,
    endpoint: fauxqs.address,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const ingest = fauxqs.createQueue('shapes-ingest', { region: REGION });
  ingestQueueUrl = ingest.queueUrl;
  ingestQueueArn = ingest.queueArn;
  transcribeQueueUrl = fauxqs.createQueue('shapes-transcribe', { region: REGION }).queueUrl;
  handler = createIngestHandler({
    env: {
      recordingsBucket: RECORDINGS,
      resultsBucket: RESULTS,
      recordingsPrefix: 'recordings/',
      nextQueueUrl: transcribeQueueUrl,
      handoffStaleSeconds: 60,
      pipeline: parsePipelineConfig({
        speechToText: { type: 'pocketsphinx' },
        translation: { type: 'apertium' },
        summarization: { type: 'extractive' },
      }),
    },
    s3,
    sqs,
    logger: new Logger({ serviceName: 'callbrief-ingest', logLevel: 'SILENT' }),
    caseIdMac: localCaseIdMac(randomBytes(32)),
  });
});

afterAll(async () => {
  sns?.destroy();
  await fauxqs?.stop();
  await s3StandIn?.stop();
});

describe('Integration: ingest accepts every envelope S3 events arrive in', () => {
  it('ingests the recording of an EventBridge "Object Created" event', async () => {
    // Prepare
    const key = 'recordings/eventbridge call.wav';
    const { size, eTag } = await upload(key, wav(1, 2));
    const event = s3EventBridgeEvent(RECORDINGS, key, size, eTag, REGION);
    await sqs.send(
      new SendMessageCommand({ QueueUrl: ingestQueueUrl, MessageBody: JSON.stringify(event) }),
    );

    // Act
    const result = await handler(lambdaEvent([await receiveOne(ingestQueueUrl)]), {} as Context);

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    const info = await recordingInfoFor(key);
    expect(info).toMatchObject({ source: { bucket: RECORDINGS, key } });
  });

  it('ingests the recording of an S3 notification an SNS topic delivered to the queue', async () => {
    // Prepare: the SNS stand-in wraps the notification in its own envelope.
    const key = 'recordings/via sns/call+1.wav';
    const { size, eTag } = await upload(key, wav(1, 1));
    const topic = await sns.send(new CreateTopicCommand({ Name: 'shapes-recordings-events' }));
    await sns.send(
      new SubscribeCommand({ TopicArn: topic.TopicArn, Protocol: 'sqs', Endpoint: ingestQueueArn }),
    );
    const notification = s3EventNotification(RECORDINGS, key, size, eTag, REGION);
    await sns.send(
      new PublishCommand({
        TopicArn: topic.TopicArn,
        Subject: 'Amazon S3 Notification',
        Message: JSON.stringify(notification),
      }),
    );
    const message = await receiveOne(ingestQueueUrl);
    expect(JSON.parse(message.Body!)).toMatchObject({ Type: 'Notification' });

    // Act
    const result = await handler(lambdaEvent([message]), {} as Context);

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(await recordingInfoFor(key)).toMatchObject({ source: { key } });
  });

  it('ingests the good record of a two-record message and writes an error record for the other', async () => {
    // Prepare
    const key = 'recordings/two records.wav';
    const { size, eTag } = await upload(key, wav(1, 2));
    const good = s3EventNotification(RECORDINGS, key, size, eTag, REGION).Records[0];
    const malformed = { eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: {} };
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: ingestQueueUrl,
        MessageBody: JSON.stringify({ Records: [malformed, good] }),
      }),
    );
    const message = await receiveOne(ingestQueueUrl);

    // Act
    const result = await handler(lambdaEvent([message]), {} as Context);

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(await recordingInfoFor(key)).toMatchObject({ source: { key } });
    const error = await readJson<ErrorRecord>(
      `errors/ingest/messages/${message.MessageId}-record-0.json`,
    );
    expect(error).toMatchObject({
      stage: 'ingest',
      code: 'invalid-message',
      input: { message_id: message.MessageId },
    });
  });

  it('ignores a console folder marker without an error record', async () => {
    // Prepare
    const key = 'recordings/2026-11/';
    const { eTag } = await upload(key, new Uint8Array());
    const event = s3EventBridgeEvent(RECORDINGS, key, 0, eTag, REGION);
    await sqs.send(
      new SendMessageCommand({ QueueUrl: ingestQueueUrl, MessageBody: JSON.stringify(event) }),
    );
    const message = await receiveOne(ingestQueueUrl);

    // Act
    const result = await handler(lambdaEvent([message]), {} as Context);

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    const next = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: transcribeQueueUrl, WaitTimeSeconds: 1 }),
    );
    expect(next.Messages ?? []).toEqual([]);
    const errors = await s3.send(
      new ListObjectsV2Command({ Bucket: RESULTS, Prefix: 'errors/ingest/objects/' }),
    );
    expect(errors.Contents ?? []).toEqual([]);
  });
});
