import { Logger } from '@aws-lambda-powertools/logger';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
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

export interface ReconcileRuntime {
  env: ReconcileEnvironment;
  s3: S3Client;
  sqs: SQSClient;
  logger: Logger;
  /** @default - the system clock */
  now?: () => Date;
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

let built: (() => Promise<ReconcileCounts>) | undefined;
export const handler = (): Promise<ReconcileCounts> => {
  built ??= createReconcileHandler({
    env: readReconcileEnvironment(),
    s3: createS3Client(),
    sqs: createSqsClient(),
    logger: new Logger({ serviceName: 'callbrief-reconcile' }),
  });
  return built();
};
