import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { SqsHandler } from '../functions/handlers/stageRuntime';

export interface BatchReport {
  stage: string;
  records: SQSRecord[];
  failedIds: string[];
  ms: number;
}

export interface RunningReport {
  stage: string;
  records: SQSRecord[];
  /** How long the batch has been running so far. */
  ms: number;
}

export interface QueuePollerOptions {
  stage: string;
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  region: string;
  handler: SqsHandler;
  batchSize: number;
  /** Invocations at once, like the event source's maximum concurrency. @default 1 */
  concurrency?: number;
  /** Locally a failed record is retried after this delay instead of the full visibility timeout. */
  retryDelaySeconds: number;
  onBatch?: (report: BatchReport) => void;
  /** Called every `progressIntervalMs` while a batch is still running. */
  onRunning?: (report: RunningReport) => void;
  /** @default 10_000 */
  progressIntervalMs?: number;
  /** Remembers why a whole batch failed (a thrown handler), by message id. */
  failureReasons?: Map<string, string>;
}

function toLambdaRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp:
        attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

function lambdaContext(stage: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `callbrief-${stage}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `local:callbrief-${stage}`,
    memoryLimitInMB: '1024',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/local/callbrief-${stage}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 900_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/**
 * Plays the part of Lambda's SQS event source mapping: receive a batch, invoke the handler
 * with a Lambda-shaped event, delete what succeeded, and let the failures come back.
 * The queue itself counts receives and moves a record to its DLQ after maxReceiveCount.
 */
export class QueuePoller {
  private running = false;
  private busyCount = 0;
  private loops: Promise<void>[] = [];

  constructor(private readonly options: QueuePollerOptions) {}

  get busy(): boolean {
    return this.busyCount > 0;
  }

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: this.options.concurrency ?? 1 }, () => this.run());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.pollOnce();
      } catch (error) {
        if (this.running) console.error(`[${this.options.stage}] poll failed:`, error);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  async pollOnce(): Promise<number> {
    const { sqs, queueUrl, batchSize } = this.options;
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: batchSize,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) return 0;
    this.busyCount++;
    try {
      await this.invoke(messages);
    } finally {
      this.busyCount--;
    }
    return messages.length;
  }

  private async invoke(messages: Message[]): Promise<void> {
    const { stage, sqs, queueUrl, queueArn, region, handler } = this.options;
    const records = messages.map((m) => toLambdaRecord(m, queueArn, region));
    const event: SQSEvent = { Records: records };
    const started = performance.now();
    const progress = this.options.onRunning
      ? setInterval(
          () => this.options.onRunning?.({ stage, records, ms: performance.now() - started }),
          this.options.progressIntervalMs ?? 10_000,
        )
      : undefined;
    let failedIds: string[];
    try {
      const response = (await handler(event, lambdaContext(stage))) as SQSBatchResponse | undefined;
      failedIds = (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
    } catch (error) {
      // A thrown handler fails the whole batch, as in Lambda.
      failedIds = records.map((r) => r.messageId);
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      for (const id of failedIds) this.options.failureReasons?.set(id, reason.slice(0, 300));
    } finally {
      clearInterval(progress);
    }
    const ms = performance.now() - started;
    const failed = new Set(failedIds);
    const done = records.filter((r) => !failed.has(r.messageId));
    const retry = records.filter((r) => failed.has(r.messageId));
    if (done.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
        }),
      );
    }
    if (retry.length > 0) {
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: retry.map((r, i) => ({
            Id: String(i),
            ReceiptHandle: r.receiptHandle,
            VisibilityTimeout: this.options.retryDelaySeconds,
          })),
        }),
      );
    }
    this.options.onBatch?.({ stage, records, failedIds, ms });
  }
}
