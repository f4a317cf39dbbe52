import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { createS3Client, createSqsClient } from '../functions/adapters/awsClients';

export interface StandInEndpoints {
  region: string;
  s3Endpoint: string;
  sqsEndpoint: string;
}

/** Real SDK clients for the local S3 and SQS stand-ins, which accept s3rver's default keys. */
export function standInClients(endpoints: StandInEndpoints): { s3: S3Client; sqs: SQSClient } {
  const options = {
    ...endpoints,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
  return { s3: createS3Client(options), sqs: createSqsClient(options) };
}
