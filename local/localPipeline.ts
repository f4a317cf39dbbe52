import { basename, dirname, join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type CaseIdMac, localCaseIdMac } from '../functions/core/erasure/caseIdMac';
import { createEraseHandler } from '../functions/handlers/erase';
import { createReviewHandler } from '../functions/handlers/review';
import { PIPELINE_STAGES, STAGE_HANDLERS } from '../functions/handlers/stageHandlers';
import type { MetricsSink } from '../functions/handlers/stageMetrics';
import type { SqsHandler, StageRuntime } from '../functions/handlers/stageRuntime';
import type { StageName, SummaryReadyMessage } from '../functions/shared/documents';
import type { PipelineConfig } from '../functions/shared/pipelineConfig';
import { loadOrCreateCaseIdKey } from './caseIdKey';
import { FailureLogger } from './failureLogger';
import { type BatchReport, QueuePoller, type RunningReport } from './queuePoller';
import { S3EventBridge } from './s3EventBridge';
import { type S3StandIn, startS3StandIn } from './s3StandIn';
import { type DeadLetter, type QueuePair, type SqsStandIn, startSqsStandIn } from './sqsStandIn';
import { standInClients } from './standInClients';

/**
 * fauxqs 2.4.1 with persistence loses a message whose visibility is set to 0 (its SQLite update
 * fails after the message left the in-flight set), so persistent queues retry after >= 1 s.
 */
const retryDelaySeconds = (options: LocalPipelineOptions) =>
  options.stateDir ? Math.max(1, options.retryDelaySeconds ?? 1) : (options.retryDelaySeconds ?? 1);

/** Where the queues of a state folder are kept: beside it, not inside the buckets' folder. */
export const queueDirOf = (stateDir: string) =>
  join(dirname(stateDir), `${basename(stateDir)}-queues`);

export const STAGES = PIPELINE_STAGES;

export interface LocalPipelineOptions {
  pipeline: PipelineConfig;
  region?: string;
  recordingsPrefix?: string;
  batchSize?: number;
  /**
   * Invocations each stage runs at once, as Lambda does up to the event source's maximum
   * concurrency. @default 1, which suits offline engines sharing a few cores
   */
  concurrency?: number;
  maxReceiveCount?: number;
  visibilityTimeoutSeconds?: number;
  retryDelaySeconds?: number;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  onBatch?: (report: BatchReport) => void;
  /** Called every `progressIntervalMs` while a batch is still running (a long transcription). */
  onRunning?: (report: RunningReport) => void;
  /** @default 10_000 */
  progressIntervalMs?: number;
  /**
   * Keep the S3 stand-in's objects in this folder between runs, and the queues (with their dead
   * letters) beside it (see queueDirOf); default: temporary, in memory.
   */
  stateDir?: string;
  /** Providers to use instead of the configured ones (instant engines for soak and bench). */
  providers?: StageRuntime['providers'];
  /**
   * Each stage's metrics sink, e.g. a MemoryMetrics (local/memoryMetrics.ts) to read them.
   * @default - no metrics are recorded (Lambda's EMF documents would only clutter the terminal)
   */
  metrics?: (stage: StageName) => MetricsSink;
  /** Replace a stage's handler, e.g. to inject faults in tests. */
  wrapHandler?: (stage: StageName, handler: SqsHandler) => SqsHandler;
  /**
   * How long erasure's second sweep waits after the first. Locally nothing is in flight longer
   * than the runner waits for (waitUntilIdle also waits for the delayed sweep).
   * @default 2
   */
  secondSweepDelaySeconds?: number;
}

/**
 * The whole pipeline on one machine: S3 and SQS stand-ins in this process, the same buckets and
 * queues as the stack, and the same handler modules driven by Lambda-shaped SQS events.
 */
export class LocalPipeline {
  readonly recordingsBucket = 'callbrief-recordings';
  readonly resultsBucket = 'callbrief-results';
  readonly region: string;
  readonly recordingsPrefix: string;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly queues: Record<StageName | 'summary-ready' | 'erase' | 'review', QueuePair>;
  /** How this runner names cases in erasure markers and receipts (its own HMAC key). */
  readonly caseIdMac: CaseIdMac;
  private readonly pollers: QueuePoller[];
  private readonly bridge: S3EventBridge;
  /** The S3 stand-in's address, for another process (e.g. a live bridge) to share it. */
  get s3Endpoint(): string {
    return this.s3StandIn.endpoint;
  }
  /** The last error of each failed message, by message id: why a dead letter died. */
  readonly failureReasons = new Map<string, string>();

  private constructor(
    private readonly s3StandIn: S3StandIn,
    private readonly sqsStandIn: SqsStandIn,
    options: LocalPipelineOptions,
    caseIdKey: Uint8Array,
  ) {
    this.caseIdMac = localCaseIdMac(caseIdKey);
    this.region = options.region ?? 'eusc-de-east-1';
    this.recordingsPrefix = options.recordingsPrefix ?? 'recordings/';
    ({ s3: this.s3, sqs: this.sqs } = standInClients({
      region: this.region,
      s3Endpoint: s3StandIn.endpoint,
      sqsEndpoint: sqsStandIn.endpoint,
    }));
    const queueOptions = {
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 600,
      maxReceiveCount: options.maxReceiveCount ?? 5,
    };
    const create = (name: string) =>
      sqsStandIn.createQueueWithDlq(`callbrief-${name}`, queueOptions);
    this.queues = {
      ingest: create('ingest'),
      transcribe: create('transcribe'),
      translate: create('translate'),
      summarize: create('summarize'),
      publish: create('publish'),
      'summary-ready': create('summary-ready'),
      erase: create('erase'),
      review: create('review'),
    };
    const nextQueue: Record<StageName, QueuePair> = {
      ingest: this.queues.transcribe,
      transcribe: this.queues.translate,
      translate: this.queues.summarize,
      summarize: this.queues.publish,
      publish: this.queues['summary-ready'],
    };
    this.pollers = STAGES.map((stage) => {
      const runtime: StageRuntime = {
        env: {
          recordingsBucket: this.recordingsBucket,
          resultsBucket: this.resultsBucket,
          recordingsPrefix: this.recordingsPrefix,
          nextQueueUrl: nextQueue[stage].url,
          handoffStaleSeconds: queueOptions.visibilityTimeoutSeconds,
          pipeline: options.pipeline,
        },
        s3: this.s3,
        sqs: this.sqs,
        logger: new FailureLogger(this.failureReasons, {
          serviceName: `callbrief-${stage}`,
          logLevel: options.logLevel ?? 'SILENT',
        }),
        providers: options.providers,
        metrics: options.metrics?.(stage),
        caseIdMac: this.caseIdMac,
      };
      const built = STAGE_HANDLERS[stage](runtime);
      const handler = options.wrapHandler ? options.wrapHandler(stage, built) : built;
      const queue = this.queues[stage];
      return new QueuePoller({
        stage,
        sqs: this.sqs,
        queueUrl: queue.url,
        queueArn: queue.arn,
        region: this.region,
        handler,
        batchSize: options.batchSize ?? 5,
        concurrency: options.concurrency ?? 1,
        retryDelaySeconds: retryDelaySeconds(options),
        onBatch: options.onBatch,
        onRunning: options.onRunning,
        progressIntervalMs: options.progressIntervalMs,
        failureReasons: this.failureReasons,
      });
    });
    const eraseHandler = createEraseHandler({
      recordingsBucket: this.recordingsBucket,
      resultsBucket: this.resultsBucket,
      s3: this.s3,
      sqs: this.sqs,
      logger: new Logger({
        serviceName: 'callbrief-erase',
        logLevel: options.logLevel ?? 'SILENT',
      }),
      caseIdMac: this.caseIdMac,
      eraseQueueUrl: this.queues.erase.url,
      secondSweepDelaySeconds: options.secondSweepDelaySeconds ?? 2,
    });
    const reviewHandler = createReviewHandler({
      resultsBucket: this.resultsBucket,
      s3: this.s3,
      logger: new Logger({
        serviceName: 'callbrief-review',
        logLevel: options.logLevel ?? 'SILENT',
      }),
      caseIdMac: this.caseIdMac,
    });
    this.pollers.push(
      new QueuePoller({
        stage: 'review',
        sqs: this.sqs,
        queueUrl: this.queues.review.url,
        queueArn: this.queues.review.arn,
        region: this.region,
        handler: reviewHandler,
        batchSize: 1,
        retryDelaySeconds: retryDelaySeconds(options),
        onBatch: options.onBatch,
      }),
      new QueuePoller({
        stage: 'erase',
        sqs: this.sqs,
        queueUrl: this.queues.erase.url,
        queueArn: this.queues.erase.arn,
        region: this.region,
        handler: eraseHandler,
        batchSize: 1,
        retryDelaySeconds: retryDelaySeconds(options),
        onBatch: options.onBatch,
      }),
    );
    this.bridge = new S3EventBridge(this.sqs, {
      bucket: this.recordingsBucket,
      prefix: this.recordingsPrefix,
      queueUrl: this.queues.ingest.url,
      region: this.region,
    });
    s3StandIn.onObjectCreated((bucket, key, size, eTag) =>
      this.bridge.objectCreated(bucket, key, size, eTag),
    );
  }

  static async start(options: LocalPipelineOptions): Promise<LocalPipeline> {
    const region = options.region ?? 'eusc-de-east-1';
    const s3StandIn = await startS3StandIn(
      ['callbrief-recordings', 'callbrief-results'],
      options.stateDir,
    );
    const sqsStandIn = await startSqsStandIn(
      region,
      options.stateDir ? queueDirOf(options.stateDir) : undefined,
    );
    const caseIdKey = await loadOrCreateCaseIdKey(options.stateDir);
    const pipeline = new LocalPipeline(s3StandIn, sqsStandIn, options, caseIdKey);
    for (const poller of pipeline.pollers) poller.start();
    return pipeline;
  }

  private async queueDepth(url: string): Promise<number> {
    const out = await this.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          // Erasure's second sweep waits on the erase queue as a delayed message.
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    const attributes = out.Attributes ?? {};
    return (
      Number(attributes.ApproximateNumberOfMessages ?? 0) +
      Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
      Number(attributes.ApproximateNumberOfMessagesDelayed ?? 0)
    );
  }

  /** True when no stage queue holds a message and no handler or event is in flight. */
  async isIdle(): Promise<boolean> {
    if (this.bridge.busy || this.pollers.some((p) => p.busy)) return false;
    for (const queue of [...STAGES, 'erase', 'review'] as const) {
      if ((await this.queueDepth(this.queues[queue].url)) > 0) return false;
    }
    return !this.bridge.busy && !this.pollers.some((p) => p.busy);
  }

  /** Waits until every input reached a terminal state (stage queues drained twice in a row). */
  async waitUntilIdle(timeoutMs = 30 * 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let quietChecks = 0;
    while (quietChecks < 2) {
      if (Date.now() > deadline) throw new Error(`pipeline still busy after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      quietChecks = (await this.isIdle()) ? quietChecks + 1 : 0;
    }
  }

  /** Reads and deletes every message on a queue (summary-ready, or a DLQ to inspect it). */
  async drain(queueUrl: string): Promise<string[]> {
    const bodies: string[] = [];
    for (;;) {
      const out = await this.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
        }),
      );
      const messages = out.Messages ?? [];
      if (messages.length === 0) return bodies;
      for (const message of messages) {
        bodies.push(message.Body ?? '');
        await this.sqs.send(
          new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
        );
      }
    }
  }

  /** The dead letters of a stage, left where they are (for a later `npm run redrive`). */
  peekDeadLetters(stage: StageName): DeadLetter[] {
    return this.sqsStandIn.peek(`${this.queues[stage].name}-dlq`);
  }

  async drainSummaryReady(): Promise<SummaryReadyMessage[]> {
    const bodies = await this.drain(this.queues['summary-ready'].url);
    return bodies.map((body) => JSON.parse(body) as SummaryReadyMessage);
  }

  async stop(): Promise<void> {
    await Promise.all(this.pollers.map((p) => p.stop()));
    await this.sqsStandIn.stop();
    await this.s3StandIn.stop();
  }
}
