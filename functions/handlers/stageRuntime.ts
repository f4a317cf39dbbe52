import { Logger } from '@aws-lambda-powertools/logger';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import middy, { type MiddlewareObj } from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { createS3Client, createSqsClient } from '../adapters/awsClients';
import { S3ObjectStore } from '../adapters/s3ObjectStore';
import { SqsMessageQueue } from '../adapters/sqsMessageQueue';
import type { StageContext } from '../core/stageContext';
import type { SpeechToTextProvider } from '../providers/speechToText/SpeechToTextProvider';
import type { SummarizationProvider } from '../providers/summarization/SummarizationProvider';
import type { TranslationProvider } from '../providers/translation/TranslationProvider';
import { redactText } from '../redaction/redact';
import { dataClassTags } from '../shared/dataClasses';
import type { StageName } from '../shared/documents';
import type { MessageQueue } from '../shared/ports';
import { readStageEnvironment, type StageEnvironment } from '../shared/stageEnvironment';
import { asLog } from './asLog';
import { type MetricsSink, NO_METRICS_SINK, powertoolsStageMetrics } from './stageMetrics';

/** What a stage handler is built from; Lambda uses the defaults, the local runner its stand-ins. */
export interface StageRuntime {
  env: StageEnvironment;
  s3: S3Client;
  /** Where the next stage's messages go in AWS; the on-premises service passes `queue` instead. */
  sqs?: SQSClient;
  /** The queue port itself (e.g. AMQP on premises); @default - SQS through `sqs` */
  queue?: MessageQueue;
  logger: Logger;
  /**
   * Where the stage's metrics go: Powertools (EMF on stdout) in Lambda; locally nothing, or an
   * in-memory sink, so no metric documents reach the terminal.
   * @default - nothing is recorded
   */
  metrics?: MetricsSink;
  /**
   * Providers to use instead of the configured ones: benchmarks and fault-injection runs plug in
   * instant engines here. Lambda never sets it.
   */
  providers?: Partial<ProviderSet>;
}

export interface ProviderSet {
  speechToText: SpeechToTextProvider;
  translation: TranslationProvider;
  summarization: SummarizationProvider;
}

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<unknown>;

function sqsQueue(sqs: SQSClient | undefined): MessageQueue {
  if (!sqs) throw new Error('a stage runtime needs an SQS client or a queue');
  return new SqsMessageQueue(sqs);
}

export function stageContext(runtime: StageRuntime): StageContext {
  return {
    store: new S3ObjectStore(runtime.s3, dataClassTags),
    queue: runtime.queue ?? sqsQueue(runtime.sqs),
    resultsBucket: runtime.env.resultsBucket,
    nextQueueUrl: runtime.env.nextQueueUrl,
    log: asLog(runtime.logger),
    now: () => new Date(),
    handoffStaleMs: runtime.env.handoffStaleSeconds * 1000,
    metrics: runtime.metrics,
  };
}

/**
 * Counts one queue record's outcome: retried when SQS delivers it again, processed (with its
 * latency) when it settles, failed when it goes back to the queue.
 */
async function measureRecord(
  metrics: MetricsSink,
  record: SQSRecord,
  processRecord: (record: SQSRecord) => Promise<unknown>,
): Promise<unknown> {
  if (Number(record.attributes?.ApproximateReceiveCount ?? 1) > 1) {
    metrics.add('RecordsRetried', 1);
  }
  const started = performance.now();
  try {
    const result = await processRecord(record);
    metrics.add('RecordsProcessed', 1);
    metrics.add('StageLatency', performance.now() - started);
    return result;
  } catch (error) {
    metrics.add('RecordsFailed', 1);
    throw error;
  }
}

/** Publishes the invocation's metrics once, whether the handler returned or threw. */
function publishMetrics(metrics: MetricsSink): MiddlewareObj<SQSEvent, unknown> {
  const publishMetricsAfter = () => metrics.publish();
  return { after: publishMetricsAfter, onError: publishMetricsAfter };
}

/**
 * The middy chain every stage shares: records run concurrently, and only the ones that failed
 * go back to the queue (ReportBatchItemFailures), so one bad record never fails its neighbours.
 */
export function sqsStageHandler(
  stage: StageName | 'erase' | 'review',
  runtime: { logger: Logger; metrics?: MetricsSink },
  processRecord: (record: SQSRecord) => Promise<unknown>,
): SqsHandler {
  const { logger } = runtime;
  const metrics = runtime.metrics ?? NO_METRICS_SINK;
  return middy<SQSEvent, unknown>()
    .use(publishMetrics(metrics))
    .use(
      sqsPartialBatchFailure({
        logger: (reason: unknown, record: SQSRecord) =>
          logger.error('record failed; it returns to the queue for a retry', {
            stage,
            messageId: record.messageId,
            error: describeError(reason),
          }),
      }),
    )
    .handler(async (event) =>
      Promise.allSettled(
        event.Records.map((record) => measureRecord(metrics, record, processRecord)),
      ),
    );
}

/**
 * Provider error messages may quote a server's answer, which can echo call content: identifiers
 * are masked and the text is cut short before it reaches the logs.
 */
function describeError(reason: unknown): { name: string; message: string } {
  if (!(reason instanceof Error)) return { name: 'UnknownError', message: '' };
  return { name: reason.name, message: redactText(reason.message).text.slice(0, 300) };
}

/**
 * The Lambda entry point: configuration is read and checked once, on the first event of a
 * cold start, then the built handler is reused.
 */
export function lambdaEntry(
  stage: StageName,
  build: (runtime: StageRuntime) => SqsHandler,
): SqsHandler {
  let built: SqsHandler | undefined;
  return (event, context) => {
    if (!built) {
      const logger = new Logger({ serviceName: `callbrief-${stage}` });
      built = build({
        env: readStageEnvironment(),
        s3: createS3Client(),
        sqs: createSqsClient(),
        logger,
        metrics: powertoolsStageMetrics(stage, logger),
      });
    }
    return built(event, context);
  };
}
