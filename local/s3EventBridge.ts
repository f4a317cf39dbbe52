import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** S3 URL-encodes each key segment in event notifications and writes a space as '+'. */
export function encodeS3EventKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%20/g, '+'))
    .join('/');
}

export function s3EventNotification(
  bucket: string,
  key: string,
  size: number,
  eTag: string,
  region: string,
) {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: region,
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Put',
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'recordings-to-ingest',
          bucket: { name: bucket },
          object: { key: encodeS3EventKey(key), size, eTag },
        },
      },
    ],
  };
}

/** The account local runs pretend to be; EventBridge stamps the bucket owner's. */
const LOCAL_ACCOUNT = '000000000000';

/**
 * The EventBridge event S3 sends for a new object when the bucket has EventBridge notifications
 * on (the stack's wiring, infra/constructs/RecordingsToQueue.ts); EventBridge delivers it to an
 * SQS target as the message body, unchanged.
 */
export function s3EventBridgeEvent(
  bucket: string,
  key: string,
  size: number,
  eTag: string,
  region: string,
) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: LOCAL_ACCOUNT,
    time: new Date().toISOString(),
    region,
    resources: [`arn:aws-eusc:s3:::${bucket}`],
    detail: {
      version: '0',
      bucket: { name: bucket },
      object: { key: encodeS3EventKey(key), size, etag: eTag },
      'request-id': randomUUID(),
      requester: LOCAL_ACCOUNT,
      reason: 'PutObject',
    },
  };
}

/**
 * Forwards object-created events to the ingest queue the way the stack's EventBridge rule does:
 * only for the recordings bucket and prefix, in EventBridge's event shape with S3's key encoding.
 */
export class S3EventBridge {
  private pending = new Set<Promise<unknown>>();

  constructor(
    private readonly sqs: SQSClient,
    private readonly target: { bucket: string; prefix: string; queueUrl: string; region: string },
  ) {}

  objectCreated(bucket: string, key: string, size: number, eTag: string): void {
    if (bucket !== this.target.bucket || !key.startsWith(this.target.prefix)) return;
    const body = s3EventBridgeEvent(bucket, key, size, eTag, this.target.region);
    void this.track(
      this.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.target.queueUrl,
          MessageBody: JSON.stringify(body),
        }),
      ),
    );
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    promise.finally(() => this.pending.delete(promise)).catch(() => {});
    return promise;
  }
}
