import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { createS3Client, createSqsClient } from '../adapters/awsClients';
import { s3ListKeys } from '../adapters/s3ListKeys';
import { S3ObjectStore } from '../adapters/s3ObjectStore';
import { SqsMessageQueue } from '../adapters/sqsMessageQueue';
import { type ReconcileReport, reconcile } from '../core/reconcile/reconcile';
import { dataClassTags } from '../shared/dataClasses';
import {
  type ReconcileEnvironment,
  readReconcileEnvironment,
} from '../shared/reconcileEnvironment';
import { asLog } from './asLog';
import { lazyLambdaEntry } from './stageRuntime';
import { type HandlerTracing, loadTracing } from './tracing';

export interface ReconcileRuntime {
  env: ReconcileEnvironment;
  s3: S3Client;
  sqs: SQSClient;
  logger: Logger;
  /** @default - the system clock */
  now?: () => Date;
  /** @default - no tracing */
  tracing?: HandlerTracing;
}

/** What a run returns: the counts only, since recording keys may carry names. */
export type ReconcileCounts = Omit<ReconcileReport, 'reenqueuedKeys'>;

/**
 * Reconcile, run by EventBridge Scheduler: recordings with neither a summary nor an error record
 * after `olderThanMinutes` (a lost S3 event, a dropped message) are notified to ingest again,
 * at most `maxReenqueue` per run. The schedule's event carries nothing the run needs.
 */
export function createReconcileHandler(runtime: ReconcileRuntime): () => Promise<ReconcileCounts> {
  const { env } = runtime;
  const ctx = {
    store: new S3ObjectStore(runtime.s3, dataClassTags),
    listKeys: s3ListKeys(runtime.s3),
    log: asLog(runtime.logger),
  };
  const queue = new SqsMessageQueue(runtime.sqs);
  return async () => {
    const { reenqueuedKeys: _keys, ...counts } = await reconcile(ctx, {
      recordingsBucket: env.recordingsBucket,
      resultsBucket: env.resultsBucket,
      recordingsPrefix: env.recordingsPrefix,
      olderThanMs: env.olderThanMinutes * 60_000,
      maxReenqueue: env.maxReenqueue,
      now: runtime.now ?? (() => new Date()),
      ingestQueueUrl: env.ingestQueueUrl,
      queue,
      region: env.region,
    });
    return counts;
  };
}

/** The run behind middy: the Lambda context on every log line, and tracing when it is on. */
function withLambdaContext(
  runtime: ReconcileRuntime,
  run: () => Promise<ReconcileCounts>,
): (event: unknown, context: Context) => Promise<ReconcileCounts> {
  const chain = middy<unknown, ReconcileCounts>();
  if (runtime.tracing) chain.use(runtime.tracing.middleware());
  return chain.use(injectLambdaContext(runtime.logger, { resetKeys: true })).handler(run);
}

export const handler = lazyLambdaEntry(async () => {
  const tracing = await loadTracing('callbrief-reconcile');
  const capture = <T>(client: T): T => (tracing ? tracing.captureClient(client) : client);
  const runtime: ReconcileRuntime = {
    env: readReconcileEnvironment(),
    s3: createS3Client(),
    sqs: capture(createSqsClient()),
    logger: new Logger({ serviceName: 'callbrief-reconcile' }),
    tracing,
  };
  return withLambdaContext(runtime, createReconcileHandler(runtime));
});
