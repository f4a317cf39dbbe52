import { Logger } from '@aws-lambda-powertools/logger';
import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../adapters/awsClients';
import { S3ObjectStore } from '../adapters/s3ObjectStore';
import { eraseCase } from '../core/erasure/eraseCase';
import { parseEraseRequest } from '../core/erasure/eraseRequest';
import { dataClassTags } from '../shared/dataClasses';
import { readBucketsEnvironment } from '../shared/stageEnvironment';
import { asLog } from './asLog';
import { type SqsHandler, sqsStageHandler } from './stageRuntime';

export interface ErasureRuntime {
  recordingsBucket: string;
  resultsBucket: string;
  s3: S3Client;
  logger: Logger;
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

let built: SqsHandler | undefined;
export const handler: SqsHandler = (event, context) => {
  built ??= createEraseHandler({
    ...readBucketsEnvironment(),
    s3: createS3Client(),
    logger: new Logger({ serviceName: 'callbrief-erase' }),
  });
  return built(event, context);
};
