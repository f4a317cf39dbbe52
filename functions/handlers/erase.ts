import { Logger } from '@aws-lambda-powertools/logger';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { createS3Client, createSqsClient } from '../adapters/awsClients';
import { createKmsClient, kmsCaseIdMac } from '../adapters/kmsCaseIdMac';
import { S3ObjectStore } from '../adapters/s3ObjectStore';
import { SqsMessageQueue } from '../adapters/sqsMessageQueue';
import type { CaseIdMac } from '../core/erasure/caseIdMac';
import { eraseCase } from '../core/erasure/eraseCase';
import { parseEraseRequest } from '../core/erasure/eraseRequest';
import { dataClassTags } from '../shared/dataClasses';
import { readEraseEnvironment } from '../shared/erasureEnvironment';
import { readBucketsEnvironment } from '../shared/stageEnvironment';
import { asLog } from './asLog';
import { lazyLambdaEntry, type SqsHandler, sqsStageHandler } from './stageRuntime';
import { type HandlerTracing, loadTracing } from './tracing';

export interface ErasureRuntime {
  recordingsBucket: string;
  resultsBucket: string;
  s3: S3Client;
  sqs: SQSClient;
  logger: Logger;
  /** @default - no tracing */
  tracing?: HandlerTracing;
  caseIdMac: CaseIdMac;
  /** The erase queue itself: the second sweep is queued there with a delay. */
  eraseQueueUrl: string;
  /** The longest time work of a case may still be in flight after its erasure marker. */
  secondSweepDelaySeconds: number;
}

/**
 * Erase: an erase request from a case system -> the case's erasure marker, every object and
 * version of the case deleted, a second sweep queued -> a receipt. A request that cannot be
 * parsed is retried and lands in the erase DLQ (alarm), so no erasure request is dropped
 * silently.
 */
export function createEraseHandler(runtime: ErasureRuntime): SqsHandler {
  const queue = new SqsMessageQueue(runtime.sqs);
  const ctx = {
    store: new S3ObjectStore(runtime.s3, dataClassTags),
    recordingsBucket: runtime.recordingsBucket,
    resultsBucket: runtime.resultsBucket,
    log: asLog(runtime.logger),
    now: () => new Date(),
    caseIdMac: runtime.caseIdMac,
    requeue: (request: unknown, delaySeconds: number) =>
      queue.send(runtime.eraseQueueUrl, request, { delaySeconds }),
    secondSweepDelaySeconds: runtime.secondSweepDelaySeconds,
  };
  return sqsStageHandler('erase', runtime, (record) =>
    eraseCase(ctx, parseEraseRequest(record.body)),
  );
}

export const handler: SqsHandler = lazyLambdaEntry(async () => {
  const tracing = await loadTracing('callbrief-erase');
  const env = readEraseEnvironment();
  return createEraseHandler({
    ...readBucketsEnvironment(),
    eraseQueueUrl: env.eraseQueueUrl,
    secondSweepDelaySeconds: env.secondSweepDelaySeconds,
    caseIdMac: kmsCaseIdMac(createKmsClient(), env.caseIdMacKeyId),
    s3: createS3Client(),
    sqs: createSqsClient(),
    logger: new Logger({ serviceName: 'callbrief-erase' }),
    tracing,
  });
});
