import { Logger } from '@aws-lambda-powertools/logger';
import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../adapters/awsClients';
import { createKmsClient, kmsCaseIdMac } from '../adapters/kmsCaseIdMac';
import type { CaseIdMac } from '../core/erasure/caseIdMac';
import { parseReviewRequest } from '../core/review/reviewRequest';
import { reviewSummary } from '../core/review/reviewSummary';
import { readCaseIdMacKeyId } from '../shared/erasureEnvironment';
import { InvalidMessageError } from '../shared/errors';
import { readBucketsEnvironment } from '../shared/stageEnvironment';
import { asLog } from './asLog';
import { guardedStorage, lazyLambdaEntry, type SqsHandler, sqsStageHandler } from './stageRuntime';
import { type HandlerTracing, loadTracing } from './tracing';

export interface ReviewRuntime {
  resultsBucket: string;
  s3: S3Client;
  logger: Logger;
  /** @default - no tracing */
  tracing?: HandlerTracing;
  /** A decision on an erased case is acknowledged without writing (erasure guard). */
  caseIdMac: CaseIdMac;
}

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new InvalidMessageError('review request is not JSON', { cause: error });
  }
}

/**
 * Review: a case worker's decision on an AI summary (approved, or corrected with the new text)
 * -> review.json and summary.corrected.json beside the untouched AI original.
 */
export function createReviewHandler(runtime: ReviewRuntime): SqsHandler {
  const ctx = {
    store: guardedStorage(runtime.s3, runtime.resultsBucket, runtime.caseIdMac).store,
    resultsBucket: runtime.resultsBucket,
    log: asLog(runtime.logger),
    now: () => new Date(),
  };
  return sqsStageHandler('review', runtime, (record) =>
    reviewSummary(ctx, parseReviewRequest(parseBody(record.body))),
  );
}

export const handler: SqsHandler = lazyLambdaEntry(async () => {
  const tracing = await loadTracing('callbrief-review');
  return createReviewHandler({
    resultsBucket: readBucketsEnvironment().resultsBucket,
    s3: createS3Client(),
    logger: new Logger({ serviceName: 'callbrief-review' }),
    tracing,
    caseIdMac: kmsCaseIdMac(createKmsClient(), readCaseIdMacKeyId()),
  });
});
