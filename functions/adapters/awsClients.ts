import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * One client per process. In Lambda the SDK resolves the partition's endpoints
 * (`*.eusc-de-east-1.amazonaws.eu`) from AWS_REGION; the local runner passes its stand-ins.
 */
export interface AwsClientOptions {
  region?: string;
  s3Endpoint?: string;
  sqsEndpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function createS3Client(options: AwsClientOptions = {}): S3Client {
  return new S3Client({
    region: options.region,
    endpoint: options.s3Endpoint,
    forcePathStyle: options.s3Endpoint !== undefined,
    credentials: options.credentials,
    // Checksums only where S3 requires them: keeps streamed bodies free of aws-chunked framing,
    // which the local stand-in would otherwise store verbatim.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export function createSqsClient(options: AwsClientOptions = {}): SQSClient {
  return new SQSClient({
    region: options.region,
    endpoint: options.sqsEndpoint,
    credentials: options.credentials,
  });
}
