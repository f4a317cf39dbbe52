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

/**
 * Forwards object-created events to the ingest queue the way the stack's bucket notification
 * does: only for the recordings bucket and prefix, with S3's key encoding.
 */
export class S3EventBridge {
  private pending = new Set<Promise<unknown>>();

  constructor(
    private readonly sqs: SQSClient,
    private readonly target: { bucket: string; prefix: string; queueUrl: string; region: string },
  ) {}

  /** What S3 sends once when a notification configuration is saved. */
  sendTestEvent(): Promise<unknown> {
    return this.track(
      this.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.target.queueUrl,
          MessageBody: JSON.stringify({
            Service: 'Amazon S3',
            Event: 's3:TestEvent',
            Time: new Date().toISOString(),
            Bucket: this.target.bucket,
          }),
        }),
      ),
    );
  }

  objectCreated(bucket: string, key: string, size: number, eTag: string): void {
    if (bucket !== this.target.bucket || !key.startsWith(this.target.prefix)) return;
    const body = s3EventNotification(bucket, key, size, eTag, this.target.region);
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
