import { Logger } from '@aws-lambda-powertools/logger';
import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../adapters/awsClients';
import { S3ObjectStore } from '../adapters/s3ObjectStore';
import { eraseCase } from '../core/erasure/eraseCase';
import { parseEraseRequest } from '../core/erasure/eraseRequest';
import { dataClassTags } from '../shared/dataClasses';
import { readBucketsEnvironment } from '../shared/stageEnvironment';
import { asLog } from './asLog';
import { lazyLambdaEntry, type SqsHandler, sqsStageHandler } from './stageRuntime';
import { type HandlerTracing, loadTracing } from './tracing';

export interface ErasureRuntime {
  recordingsBucket: string;
  resultsBucket: string;
  s3: S3Client;
  logger: Logger;
  /** @default - no tracing */
  tracing?: HandlerTracing;
}

/**
 * Erase: an erase request from a case system -> every object and version of the case deleted
 * -> a receipt. A request that cannot be parsed is retried and lands in the erase DLQ (alarm),
 * so no erasure request is ever dropped silently.
 */
export function createEraseHandler(runtime: ErasureRuntime): SqsHandler {
  const ctx = {
    store: new S3ObjectStore(runtime.s3, dataClassTags),
    recordingsBucket: runtime.recordingsBucket,
    resultsBucket: runtime.resultsBucket,
    log: asLog(runtime.logger),
    now: () => new Date(),
  };
  return sqsStageHandler('erase', runtime, (record) =>
    eraseCase(ctx, parseEraseRequest(record.body)),
  );
}

export const handler: SqsHandler = lazyLambdaEntry(async () => {
  const tracing = await loadTracing('callbrief-erase');
  return createEraseHandler({
    ...readBucketsEnvironment(),
    s3: createS3Client(),
    logger: new Logger({ serviceName: 'callbrief-erase' }),
    tracing,
  });
});
