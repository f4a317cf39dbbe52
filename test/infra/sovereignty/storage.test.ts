import { Duration, type Stack, Tags } from 'aws-cdk-lib';
import { CfnGlobalTable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, type BucketProps, CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { euscStack, type Finding, findingsOf, sovereigntyFindings, testApp } from './support';

const of = (app: ReturnType<typeof testApp>, rule: string): Finding[] =>
  findingsOf(sovereigntyFindings(app), rule);

describe('Rule: NoCrossRegionReplication', () => {
  it('Noncompliance 1: S3 replication to a bucket ARN that is not a bucket of the app', () => {
    // Prepare
    const app = testApp({ failOnFindings: false });
    new CfnBucket(euscStack(app), 'Source', {
      versioningConfiguration: { status: 'Enabled' },
      replicationConfiguration: {
        role: 'arn:aws-eusc:iam::123456789012:role/replication',
        rules: [{ status: 'Enabled', destination: { bucket: 'arn:aws-eusc:s3:::somewhere-else' } }],
      },
    });

    // Act & Assess
    expect(of(app, 'NoCrossRegionReplication')).toEqual([
      { rule: 'Sovereignty-NoCrossRegionReplication[unverifiable]', path: 'Source' },
    ]);
  });

  it('Noncompliance 2: a DynamoDB global table with a replica in another region', () => {
    const app = testApp({ failOnFindings: false });
    new CfnGlobalTable(euscStack(app), 'Table', {
      attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }],
      keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
      billingMode: 'PAY_PER_REQUEST',
      replicas: [{ region: 'eusc-de-east-1' }, { region: 'eu-central-1' }],
    });

    expect(of(app, 'NoCrossRegionReplication')).toEqual([
      { rule: 'Sovereignty-NoCrossRegionReplication[eu-central-1]', path: 'Table' },
    ]);
  });

  it('Compliance: replication to a bucket of the same stack', () => {
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    const destination = new Bucket(stack, 'Destination', { versioned: true });
    new Bucket(stack, 'Source', {
      versioned: true,
      replicationRules: [{ destination, priority: 1 }],
    });

    expect(of(app, 'NoCrossRegionReplication')).toEqual([]);
  });
});

describe('Rule: NoPublicAccess', () => {
  it('Noncompliance: a bucket that blocks ACLs only, and one without any block', () => {
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    new Bucket(stack, 'AclsOnly', { blockPublicAccess: BlockPublicAccess.BLOCK_ACLS_ONLY });
    new CfnBucket(stack, 'Raw');

    expect(of(app, 'NoPublicAccess').map((finding) => finding.path)).toEqual([
      'AclsOnly/Resource',
      'Raw',
    ]);
  });

  it('Compliance: BlockPublicAccess.BLOCK_ALL', () => {
    const app = testApp({ failOnFindings: false });
    new Bucket(euscStack(app), 'Bucket', { blockPublicAccess: BlockPublicAccess.BLOCK_ALL });

    expect(of(app, 'NoPublicAccess')).toEqual([]);
  });
});

describe('Rule: TlsOnly', () => {
  it('Noncompliance 1: a bucket and a queue without enforceSSL', () => {
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    new Bucket(stack, 'Bucket');
    new Queue(stack, 'Queue');

    expect(of(app, 'TlsOnly').map((finding) => finding.path)).toEqual([
      'Bucket/Resource',
      'Queue/Resource',
    ]);
  });

  it('Noncompliance 2: a bucket policy and a queue policy without the TLS statement', () => {
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    const statement = (resource: string, action: string) =>
      new PolicyStatement({
        principals: [new ServicePrincipal('s3.amazonaws.com')],
        actions: [action],
        resources: [resource],
      });
    const bucket = new Bucket(stack, 'Bucket');
    bucket.addToResourcePolicy(statement(bucket.arnForObjects('*'), 's3:PutObject'));
    const queue = new Queue(stack, 'Queue');
    queue.addToResourcePolicy(statement(queue.queueArn, 'sqs:SendMessage'));

    expect(of(app, 'TlsOnly').map((finding) => finding.path)).toEqual([
      'Bucket/Policy/Resource',
      'Bucket/Resource',
      'Queue/Policy/Resource',
      'Queue/Resource',
    ]);
  });

  it('Compliance: enforceSSL on bucket and queue', () => {
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    new Bucket(stack, 'Bucket', { enforceSSL: true });
    new Queue(stack, 'Queue', { enforceSSL: true });

    expect(of(app, 'TlsOnly')).toEqual([]);
  });
});

describe('Rule: RecordingsLifecycle', () => {
  const recordingsBucket = (stack: Stack, id: string, props: BucketProps = {}) => {
    const bucket = new Bucket(stack, id, props);
    Tags.of(bucket).add('callbrief:data-class', 'recordings');
    return bucket;
  };

  it('Noncompliance 1: a tagged recordings bucket without expiration', () => {
    const app = testApp({ failOnFindings: false });
    recordingsBucket(euscStack(app), 'Audio');

    expect(of(app, 'RecordingsLifecycle')).toEqual([
      { rule: 'Sovereignty-RecordingsLifecycle[NoExpiration]', path: 'Audio/Resource' },
    ]);
  });

  it('Noncompliance 2: a tagged, versioned bucket that never expires old versions', () => {
    const app = testApp({ failOnFindings: false });
    recordingsBucket(euscStack(app), 'Audio', {
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(30) }],
    });

    expect(of(app, 'RecordingsLifecycle')).toEqual([
      { rule: 'Sovereignty-RecordingsLifecycle[NoNoncurrentExpiration]', path: 'Audio/Resource' },
    ]);
  });

  it('Noncompliance 3: an expiration limited to one prefix does not cover the bucket', () => {
    const app = testApp({ failOnFindings: false });
    recordingsBucket(euscStack(app), 'Audio', {
      lifecycleRules: [{ prefix: 'tmp/', expiration: Duration.days(1) }],
    });

    expect(of(app, 'RecordingsLifecycle').map((finding) => finding.rule)).toEqual([
      'Sovereignty-RecordingsLifecycle[NoExpiration]',
    ]);
  });

  it('Compliance: expiration and noncurrent-version expiration; other buckets not applicable', () => {
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    recordingsBucket(stack, 'Audio', {
      versioned: true,
      lifecycleRules: [
        { expiration: Duration.days(30), noncurrentVersionExpiration: Duration.days(7) },
      ],
    });
    new Bucket(stack, 'Results');
    // The rule relies on the tag, not on the name.
    new Bucket(stack, 'Recordings');

    expect(of(app, 'RecordingsLifecycle')).toEqual([]);
  });
});
