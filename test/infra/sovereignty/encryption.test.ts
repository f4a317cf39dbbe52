import { AttributeType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { type CfnAlias, Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { CfnQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { euscStack, findingsOf, sovereigntyFindings, testApp } from './support';

const paths = (app: ReturnType<typeof testApp>, rule: string) =>
  findingsOf(sovereigntyFindings(app), rule).map((finding) => finding.path);

/** A schedule's required properties; the target is irrelevant to encryption. */
const scheduleProps = () => ({
  scheduleExpression: 'rate(15 minutes)',
  flexibleTimeWindow: { mode: 'OFF' },
  target: {
    arn: 'arn:aws-eusc:lambda:eusc-de-east-1:123456789012:function:f',
    roleArn: 'arn:aws-eusc:iam::123456789012:role/r',
  },
});

describe('Rule: CustomerManagedEncryption', () => {
  it('Noncompliance 1: an unencrypted queue and an SQS-managed one', () => {
    // Prepare
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    new Queue(stack, 'Plain', { encryption: QueueEncryption.UNENCRYPTED });
    new Queue(stack, 'SqsManaged', { encryption: QueueEncryption.SQS_MANAGED });

    // Act & Assess
    expect(paths(app, 'CustomerManagedEncryption')).toEqual([
      'Plain/Resource',
      'SqsManaged/Resource',
    ]);
  });

  it('Noncompliance 2: AWS-managed keys: SSE-S3, alias/aws/sqs, aws/s3, log group default', () => {
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    new Bucket(stack, 'SseS3', { encryption: BucketEncryption.S3_MANAGED });
    new Bucket(stack, 'AwsS3Key', { encryption: BucketEncryption.KMS_MANAGED });
    new Queue(stack, 'AwsSqsKey', { encryption: QueueEncryption.KMS_MANAGED });
    new LogGroup(stack, 'Logs', { retention: RetentionDays.ONE_WEEK });
    new Topic(stack, 'Topic');

    expect(paths(app, 'CustomerManagedEncryption')).toEqual([
      'AwsS3Key/Resource',
      'AwsSqsKey/Resource',
      'Logs/Resource',
      'SseS3/Resource',
      'Topic/Resource',
    ]);
  });

  it('Noncompliance 3: a key that is not part of the app (imported by ARN)', () => {
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    const foreign = Key.fromKeyArn(
      stack,
      'Foreign',
      'arn:aws-eusc:kms:eusc-de-east-1:210987654321:key/11111111-2222-3333-4444-555555555555',
    );
    new Queue(stack, 'Queue', { encryption: QueueEncryption.KMS, encryptionMasterKey: foreign });

    expect(paths(app, 'CustomerManagedEncryption')).toEqual(['Queue/Resource']);
  });

  it('Noncompliance 4: a schedule on the AWS owned key, and one on an imported key', () => {
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    new CfnSchedule(stack, 'AwsOwned', scheduleProps());
    new CfnSchedule(stack, 'Foreign', {
      ...scheduleProps(),
      kmsKeyArn:
        'arn:aws-eusc:kms:eusc-de-east-1:210987654321:key/11111111-2222-3333-4444-555555555555',
    });

    expect(paths(app, 'CustomerManagedEncryption')).toEqual(['AwsOwned', 'Foreign']);
  });

  it('Compliance: a schedule encrypted with a key of the app', () => {
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    const key = new Key(stack, 'Key', { enableKeyRotation: true });
    new CfnSchedule(stack, 'Schedule', { ...scheduleProps(), kmsKeyArn: key.keyArn });

    expect(paths(app, 'CustomerManagedEncryption')).toEqual([]);
  });

  it('Compliance: bucket, queue, topic, log group and table with keys of the app', () => {
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    const key = new Key(stack, 'Key', { enableKeyRotation: true });
    new Bucket(stack, 'Bucket', { encryption: BucketEncryption.KMS, encryptionKey: key });
    new Queue(stack, 'Queue', { encryption: QueueEncryption.KMS, encryptionMasterKey: key });
    new Topic(stack, 'Topic', { masterKey: key });
    new LogGroup(stack, 'Logs', { encryptionKey: key, retention: RetentionDays.ONE_WEEK });
    new Table(stack, 'Table', {
      partitionKey: { name: 'id', type: AttributeType.STRING },
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
    });
    const alias = key.addAlias('alias/callbrief-test');
    new CfnQueue(stack, 'ViaAlias', { kmsMasterKeyId: (alias.node.defaultChild as CfnAlias).ref });

    expect(paths(app, 'CustomerManagedEncryption')).toEqual([]);
  });

  it('Compliance: a key of another stack of the app (Fn::ImportValue)', () => {
    const app = testApp({ failOnFindings: false });
    const key = new Key(euscStack(app, 'Keys'), 'Key', { enableKeyRotation: true });
    new Queue(euscStack(app, 'Queues'), 'Queue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
    });

    expect(paths(app, 'CustomerManagedEncryption')).toEqual([]);
  });
});

describe('Rule: KmsKeyRotation', () => {
  it('Noncompliance: a symmetric key without rotation', () => {
    const app = testApp({ failOnFindings: false });
    new Key(euscStack(app), 'Key');

    expect(paths(app, 'KmsKeyRotation')).toEqual(['Key/Resource']);
  });

  it('Compliance: rotation on; asymmetric keys cannot rotate and are not applicable', () => {
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    new Key(stack, 'Rotating', { enableKeyRotation: true });
    new Key(stack, 'Signing', { keySpec: KeySpec.ECC_NIST_P256, keyUsage: KeyUsage.SIGN_VERIFY });

    expect(paths(app, 'KmsKeyRotation')).toEqual([]);
  });
});
