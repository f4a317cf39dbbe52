import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import middy, { type MiddlewareObj } from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { createS3Client, createSqsClient } from '../adapters/awsClients';
import { createKmsClient, kmsCaseIdMac } from '../adapters/kmsCaseIdMac';
import { S3ObjectStore } from '../adapters/s3ObjectStore';
import { SqsMessageQueue } from '../adapters/sqsMessageQueue';
import { type CaseIdMac, cachedCaseIdMac } from '../core/erasure/caseIdMac';
import { CaseErasedError, guardedQueue, guardedStore } from '../core/erasure/erasureGuard';
import { erasureCheck } from '../core/erasure/erasureMarker';
import { isInputIndexKey } from '../core/ingest/inputIndex';
import type { StageContext } from '../core/stageContext';
import type { SpeechToTextProvider } from '../providers/speechToText/SpeechToTextProvider';
import type { SummarizationProvider } from '../providers/summarization/SummarizationProvider';
import type { TranslationProvider } from '../providers/translation/TranslationProvider';
import { redactText } from '../redaction/redact';
import { dataClassTags } from '../shared/dataClasses';
import type { StageName } from '../shared/documents';
import { readCaseIdMacKeyId } from '../shared/erasureEnvironment';
import { allowListedFields } from '../shared/logFields';
import type { MessageQueue } from '../shared/ports';
import { readStageEnvironment, type StageEnvironment } from '../shared/stageEnvironment';
import { asLog } from './asLog';
import { type MetricsSink, NO_METRICS_SINK, powertoolsStageMetrics } from './stageMetrics';
import { type HandlerTracing, loadTracing } from './tracing';

/** What a stage handler is built from; Lambda uses the defaults, the local runner its stand-ins. */
export interface StageRuntime {
  env: StageEnvironment;
  s3: S3Client;
  /** Where the next stage's messages go in AWS; the on-premises service passes `queue` instead. */
  sqs?: SQSClient;
  /** The queue port itself (e.g. AMQP on premises); @default - SQS through `sqs` */
  queue?: MessageQueue;
  logger: Logger;
  /** Names cases in erasure markers: KMS in Lambda, the runner's own key locally. */
  caseIdMac: CaseIdMac;
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
  /**
   * Powertools Tracer, when the stack switched tracing on (see tracing.ts).
   * @default - no tracing
   */
  tracing?: HandlerTracing;
}

export interface ProviderSet {
  speechToText: SpeechToTextProvider;
  translation: TranslationProvider;
  summarization: SummarizationProvider;
}

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<unknown>;

/**
 * The erasure guard in one place for every stage: the store refuses writes and the queue
 * refuses messages for an erased case (core/erasure/erasureGuard.ts).
 */
export function guardedStorage(
  s3: S3Client,
  resultsBucket: string,
  caseIdMac: CaseIdMac,
): Required<Pick<StageContext, 'store' | 'isErased'>> {
  const store = new S3ObjectStore(s3, dataClassTags);
  const isErased = erasureCheck(store, resultsBucket, cachedCaseIdMac(caseIdMac));
  return {
    store: guardedStore(store, resultsBucket, isErased, isInputIndexKey),
    isErased,
  };
}

function sqsQueue(sqs: SQSClient | undefined): MessageQueue {
  if (!sqs) throw new Error('a stage runtime needs an SQS client or a queue');
  return new SqsMessageQueue(sqs);
}

export function stageContext(runtime: StageRuntime): StageContext {
  const { store, isErased } = guardedStorage(
    runtime.s3,
    runtime.env.resultsBucket,
    runtime.caseIdMac,
  );
  return {
    store,
    isErased,
    queue: guardedQueue(runtime.queue ?? sqsQueue(runtime.sqs), isErased),
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

/**
 * A record of an erased case is acknowledged: the stage wrote nothing for it (the guard refused)
 * and a retry would refuse again. Logged without ids: the case no longer exists.
 */
async function acknowledgeErased(
  logger: Logger,
  stage: string,
  record: SQSRecord,
  processRecord: (record: SQSRecord) => Promise<unknown>,
): Promise<unknown> {
  try {
    return await processRecord(record);
  } catch (error) {
    if (!(error instanceof CaseErasedError)) throw error;
    logger.info('record of an erased case acknowledged; nothing written', {
      stage,
      messageId: record.messageId,
    });
    return 'case-erased';
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
  runtime: { logger: Logger; metrics?: MetricsSink; tracing?: HandlerTracing },
  processRecord: (record: SQSRecord) => Promise<unknown>,
): SqsHandler {
  const { logger } = runtime;
  const metrics = runtime.metrics ?? NO_METRICS_SINK;
  const chain = middy<SQSEvent, unknown>();
  if (runtime.tracing) chain.use(runtime.tracing.middleware());
  return (
    chain
      // Request id, cold start and function name on every log line of the invocation.
      .use(injectLambdaContext(logger, { resetKeys: true }))
      .use(publishMetrics(metrics))
      .use(
        sqsPartialBatchFailure({
          logger: (reason: unknown, record: SQSRecord) =>
            logger.error(
              'record failed; it returns to the queue for a retry',
              allowListedFields({
                stage,
                messageId: record.messageId,
                error: describeError(reason),
              }),
            ),
        }),
      )
      .handler(async (event) =>
        Promise.allSettled(
          event.Records.map((record) =>
            measureRecord(metrics, record, (each) =>
              acknowledgeErased(logger, stage, each, processRecord),
            ),
          ),
        ),
      )
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
 * cold start, then the built handler is reused. A build that failed is tried again next time.
 */
export function lambdaEntry(
  stage: StageName,
  build: (runtime: StageRuntime) => SqsHandler,
): SqsHandler {
  return lazyLambdaEntry(async () => {
    const serviceName = `callbrief-${stage}`;
    const logger = new Logger({ serviceName });
    const tracing = await loadTracing(serviceName);
    return build({
      env: readStageEnvironment(),
      s3: createS3Client(),
      sqs: tracing ? tracing.captureClient(createSqsClient()) : createSqsClient(),
      logger,
      caseIdMac: kmsCaseIdMac(createKmsClient(), readCaseIdMacKeyId()),
      metrics: powertoolsStageMetrics(stage, logger),
      tracing,
    });
  });
}

/** Builds the handler on the first invocation and keeps it; forgets a build that failed. */
export function lazyLambdaEntry<E, R>(
  build: () => Promise<(event: E, context: Context) => Promise<R>>,
): (event: E, context: Context) => Promise<R> {
  let built: ReturnType<typeof build> | undefined;
  return async (event, context) => {
    built ??= build();
    let handler: Awaited<ReturnType<typeof build>>;
    try {
      handler = await built;
    } catch (error) {
      built = undefined;
      throw error;
    }
    return handler(event, context);
  };
}
