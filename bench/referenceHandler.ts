// The unavoidable weight of a stage: a bare middy handler making the same AWS SDK calls
// (S3 get/put/head, SQS send) with no pipeline logic. Bundles are compared against it.
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import type { SQSEvent } from 'aws-lambda';

const s3 = new S3Client({});
const sqs = new SQSClient({});

export const handler = middy<SQSEvent, unknown>()
  .use(sqsPartialBatchFailure())
  .handler(async (event) =>
    Promise.allSettled(
      event.Records.map(async (record) => {
        await s3.send(new HeadObjectCommand({ Bucket: 'b', Key: record.body }));
        const object = await s3.send(new GetObjectCommand({ Bucket: 'b', Key: record.body }));
        await s3.send(
          new PutObjectCommand({
            Bucket: 'b',
            Key: `${record.body}.out`,
            Body: await object.Body?.transformToString(),
          }),
        );
        await sqs.send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: record.body }));
      }),
    ),
  );
