import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  type BucketNotificationDestinationConfig,
  BucketNotificationDestinationType,
  type IBucketNotificationDestination,
  type IBucketRef,
} from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * Like `SqsDestination`, but the queue key's policy statement for S3 is scoped to the one
 * bucket and account. `SqsDestination` adds an unconditioned `s3.amazonaws.com` statement to
 * the key, which lets S3 use the key on behalf of any bucket (confused deputy).
 */
export class ScopedSqsDestination implements IBucketNotificationDestination {
  constructor(private readonly queue: IQueue) {}

  bind(_scope: Construct, bucket: IBucketRef): BucketNotificationDestinationConfig {
    const s3 = new ServicePrincipal('s3.amazonaws.com');
    const conditions = {
      ArnLike: { 'aws:SourceArn': bucket.bucketRef.bucketArn },
      StringEquals: { 'aws:SourceAccount': Stack.of(bucket).account },
    };
    this.queue.addToResourcePolicy(
      new PolicyStatement({
        principals: [s3],
        actions: ['sqs:SendMessage'],
        resources: [this.queue.queueArn],
        conditions,
      }),
    );
    const key = this.queue.encryptionMasterKey;
    if (!key) throw new Error('ScopedSqsDestination expects a KMS-encrypted queue');
    const { statementAdded } = key.addToResourcePolicy(
      new PolicyStatement({
        principals: [s3],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions,
      }),
    );
    if (!statementAdded) throw new Error('ScopedSqsDestination needs a key it can add policy to');
    // The queue's policy must exist before S3 validates the destination.
    return {
      arn: this.queue.queueArn,
      type: BucketNotificationDestinationType.QUEUE,
      dependencies: [this.queue],
    };
  }
}
