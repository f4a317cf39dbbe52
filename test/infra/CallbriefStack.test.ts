import { join } from 'node:path';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAGE_ENV } from '../../functions/shared/stageEnvironment';
import { buildApp } from '../../infra/app';
import { DEFAULT_STAGE_SETTINGS, REPO_ROOT, STAGES } from '../../infra/config';
import type { CallbriefStack } from '../../infra/stacks/CallbriefStack';
import { synthesize, TEST_CONTEXT } from './synthesize';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Json = unknown;

let stack: CallbriefStack;
let template: Template;
let json: { Resources: Record<string, Resource>; Outputs: Record<string, unknown> };

const idOf = (construct: IConstruct) =>
  Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });
const ofType = (type: string) =>
  Object.entries(json.Resources).filter(([, resource]) => resource.Type === type);
/** The value at a path inside a JSON value; undefined if a step is missing. */
const at = (node: Json, ...path: (string | number)[]): Json =>
  path.reduce<Json>(
    (value, key) => (value as Record<string | number, Json> | undefined)?.[key],
    node,
  );
const propsOf = (construct: IConstruct): Json => json.Resources[idOf(construct)]?.Properties;

/** Every string of the template, plus each Fn::Join rendered, so split ARNs are seen whole. */
function strings(node: Json, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const item of node) strings(item, out);
  else if (node && typeof node === 'object') {
    const join = (node as Record<string, Json>)['Fn::Join'];
    if (Array.isArray(join)) {
      const [separator, parts] = join as [string, Json[]];
      out.push(
        parts
          .map((part) => (typeof part === 'string' ? part : `\${${JSON.stringify(part)}}`))
          .join(separator),
      );
    }
    for (const value of Object.values(node)) strings(value, out);
  }
  return out;
}

beforeAll(() => {
  ({ stack, template } = synthesize('stack'));
  json = template.toJSON() as typeof json;
});

describe('Stack: Callbrief (default context)', () => {
  it('writes every ARN in partition aws-eusc and none in aws', () => {
    // Assess
    const all = strings(json);
    const partitions = all.flatMap((text) =>
      [...text.matchAll(/arn:([^:]*):/g)].map((match) => match[1]),
    );
    expect(partitions.length).toBeGreaterThan(0);
    expect(new Set(partitions)).toEqual(new Set(['aws-eusc']));
    expect(JSON.stringify(json)).not.toContain('arn:aws:');
    expect(JSON.stringify(json)).not.toContain('AWS::Partition');
  });

  it('encrypts each bucket with its own customer-managed key and retains it', () => {
    const keys = new Set(ofType('AWS::KMS::Key').map(([id]) => id));
    const buckets = ofType('AWS::S3::Bucket');
    expect(buckets).toHaveLength(2);
    const bucketKeys = buckets.map(([, bucket]) => {
      const sse = at(bucket.Properties, 'BucketEncryption', 'ServerSideEncryptionConfiguration', 0);
      expect(at(sse, 'ServerSideEncryptionByDefault', 'SSEAlgorithm')).toBe('aws:kms');
      const keyId = at(sse, 'ServerSideEncryptionByDefault', 'KMSMasterKeyID', 'Fn::GetAtt', 0);
      expect(keys.has(keyId as string)).toBe(true);
      expect(bucket.DeletionPolicy).toBe('Retain');
      return keyId;
    });
    expect(new Set(bucketKeys).size).toBe(2);
  });

  it('makes buckets private, versioned, TLS-only and expiring', () => {
    template.allResourcesProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Id: 'retention',
            ExpirationInDays: Match.anyValue(),
            NoncurrentVersionExpiration: { NoncurrentDays: 7 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          }),
        ]),
      },
    });
    const expiry = (construct: IConstruct) =>
      at(propsOf(construct), 'LifecycleConfiguration', 'Rules', 0);
    expect(expiry(stack.recordings.bucket)).toMatchObject({ ExpirationInDays: 30 });
    // Untagged results live as long as the longest class (erasure receipts, 3650 days).
    expect(expiry(stack.results.bucket)).toMatchObject({ ExpirationInDays: 3650 });
    expect(ofType('AWS::S3::BucketPolicy')).toHaveLength(2);
    template.allResourcesProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('rotates and retains every KMS key', () => {
    // Two buckets, queues, logs, alarm topic, reconcile schedule, function environments; and
    // the HMAC key of case ids, which KMS cannot rotate (a new key would rename every marker).
    expect(ofType('AWS::KMS::Key')).toHaveLength(8);
    const encryption = ofType('AWS::KMS::Key').filter(
      ([, key]) => key.Properties.KeySpec !== 'HMAC_256',
    );
    expect(encryption).toHaveLength(7);
    for (const [, key] of ofType('AWS::KMS::Key')) expect(key.DeletionPolicy).toBe('Retain');
    for (const [, key] of encryption) expect(key.Properties.EnableKeyRotation).toBe(true);
  });

  it('encrypts every queue with a key of the app', () => {
    const keys = new Set(ofType('AWS::KMS::Key').map(([id]) => id));
    const queues = ofType('AWS::SQS::Queue');
    // Five stages, summary-ready, erase and review, each with its dead-letter queue; and the
    // reconcile schedule's dead-letter queue.
    expect(queues).toHaveLength(17);
    for (const [, queue] of queues) {
      const keyId = at(queue.Properties, 'KmsMasterKeyId', 'Fn::GetAtt', 0);
      expect(keys.has(keyId as string)).toBe(true);
    }
  });

  it('dead-letters every stage queue after maxReceiveCount into a 14-day queue', () => {
    const queues = [
      ...STAGES.map((stage) => stack.stages[stage].input),
      stack.summaryReady,
      stack.erase.input,
    ];
    for (const { queue, deadLetterQueue } of queues) {
      expect(at(propsOf(queue), 'RedrivePolicy')).toEqual({
        deadLetterTargetArn: getAtt(idOf(deadLetterQueue)),
        maxReceiveCount: 5,
      });
      expect(at(propsOf(deadLetterQueue), 'MessageRetentionPeriod')).toBe(14 * 24 * 3600);
    }
  });

  it('gives each stage queue a visibility timeout of at least 6x its function timeout', () => {
    for (const stage of STAGES) {
      const { fn, queue } = stack.stages[stage];
      const timeout = at(propsOf(fn), 'Timeout') as number;
      expect(timeout).toBe(DEFAULT_STAGE_SETTINGS[stage].timeoutSeconds);
      const visibility = at(propsOf(queue), 'VisibilityTimeout') as number;
      expect(visibility).toBeGreaterThanOrEqual(6 * timeout);
    }
  });

  it('runs every stage on nodejs24.x arm64 with JSON logs into its encrypted log group', () => {
    for (const stage of STAGES) {
      expect(propsOf(stack.stages[stage].fn)).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: DEFAULT_STAGE_SETTINGS[stage].memoryMb,
        EphemeralStorage: { Size: DEFAULT_STAGE_SETTINGS[stage].ephemeralStorageMb },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } },
      });
    }
  });

  it('gives transcribe /tmp for a 2-hour stereo call, its channels and their pieces', () => {
    // 461 MB recording + 461 MB of channels + one channel's pieces, about 2.5x the recording.
    expect(DEFAULT_STAGE_SETTINGS.transcribe.ephemeralStorageMb).toBeGreaterThanOrEqual(2.5 * 461);
  });

  it('has no custom resource and no Lambda runtime other than nodejs24.x', () => {
    const types = Object.values(json.Resources).map((resource) => resource.Type);
    expect(types.filter((type) => type.startsWith('Custom::'))).toEqual([]);
    expect(types).not.toContain('AWS::CloudFormation::CustomResource');
    const runtimes = ofType('AWS::Lambda::Function').map(([, fn]) => fn.Properties.Runtime);
    // The five stages, erase, review and reconcile.
    expect(runtimes).toHaveLength(STAGES.length + 3);
    expect(new Set(runtimes)).toEqual(new Set(['nodejs24.x']));
  });

  it('keeps logs for the configured days, encrypted with the logs key', () => {
    const logsKeyId = idOf(stack.pipeline.node.findChild('LogsKey').node.findChild('Key'));
    const groups = ofType('AWS::Logs::LogGroup');
    // The stages, erase, review and reconcile.
    expect(groups).toHaveLength(STAGES.length + 3);
    template.allResourcesProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 90,
      KmsKeyId: getAtt(logsKeyId),
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logs.eusc-de-east-1.amazonaws.com' },
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn':
                  'arn:aws-eusc:logs:eusc-de-east-1:123456789012:log-group:*',
              },
            },
          }),
        ]),
      },
    });
  });

  it('wires each stage to exactly its successor', () => {
    const next = [
      ...STAGES.slice(1).map((stage) => stack.stages[stage].queue),
      stack.summaryReady.queue,
    ];
    STAGES.forEach((stage, index) => {
      const { fn, queue } = stack.stages[stage];
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: getAtt(idOf(queue)),
        FunctionName: { Ref: idOf(fn) },
        BatchSize: DEFAULT_STAGE_SETTINGS[stage].batchSize,
        ScalingConfig: { MaximumConcurrency: DEFAULT_STAGE_SETTINGS[stage].maxConcurrency },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      const nextQueueId = idOf(next[index] as IConstruct);
      const env = at(propsOf(fn), 'Environment', 'Variables') as Record<string, Json>;
      expect(Object.keys(env)).toEqual(
        expect.arrayContaining([
          ...Object.values(STAGE_ENV),
          'POWERTOOLS_SERVICE_NAME',
          'POWERTOOLS_LOG_LEVEL',
        ]),
      );
      expect(env).not.toHaveProperty('LOG_LEVEL');
      expect(env.POWERTOOLS_LOG_LEVEL).toBe('INFO');
      expect(env[STAGE_ENV.nextQueueUrl]).toEqual({ Ref: nextQueueId });
      expect(env.POWERTOOLS_SERVICE_NAME).toBe(`callbrief-${stage}`);
      expect(JSON.parse(env[STAGE_ENV.pipelineConfig] as string)).toMatchObject({
        speechToText: { type: 'openai-compatible' },
      });
      // The only queue it may send to is the next one.
      const sendTargets = statementsOf(idOf(fn))
        .filter((statement) => [statement.Action].flat().includes('sqs:SendMessage'))
        .map((statement) => statement.Resource);
      expect(sendTargets).toEqual([getAtt(nextQueueId)]);
    });
  });

  it('sends new objects under the recordings prefix to the ingest queue through EventBridge', () => {
    // Prepare
    const bucketId = idOf(stack.recordings.bucket);
    const ingest = stack.stages.ingest.input;
    const [[ruleId, rule]] = ofType('AWS::Events::Rule') as [[string, Resource]];

    // Assess: the bucket notifies EventBridge natively, nothing else.
    expect(at(propsOf(stack.recordings.bucket), 'NotificationConfiguration')).toEqual({
      EventBridgeConfiguration: { EventBridgeEnabled: true },
    });
    expect(rule.Properties).toMatchObject({
      State: 'ENABLED',
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: {
          bucket: { name: [{ Ref: bucketId }] },
          object: { key: [{ prefix: 'recordings/' }] },
        },
      },
      Targets: [
        expect.objectContaining({
          Arn: getAtt(idOf(ingest.queue)),
          DeadLetterConfig: { Arn: getAtt(idOf(ingest.deadLetterQueue)) },
        }),
      ],
    });
    // Only this rule may send to the ingest queue and its dead-letter queue.
    for (const queue of [ingest.queue, ingest.deadLetterQueue]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: idOf(queue) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Condition: { ArnEquals: { 'aws:SourceArn': getAtt(ruleId) } },
            }),
          ]),
        },
      });
    }
  });

  it('lets EventBridge of this account, and no other service, use the queues key', () => {
    const statements = at(
      propsOf(stack.pipeline.node.findChild('QueuesKey')),
      'KeyPolicy',
      'Statement',
    ) as Record<string, Json>[];
    const services = statements.filter((statement) =>
      JSON.stringify(statement.Principal).includes('Service'),
    );
    expect(services).toEqual([
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
      }),
    ]);
  });

  it('keeps recordings away from translate, summarize and publish', () => {
    const recordingIds = [idOf(stack.recordings.bucket), idOf(stack.recordings.key)];
    for (const stage of ['translate', 'summarize', 'publish'] as const) {
      const policies = JSON.stringify(statementsOf(idOf(stack.stages[stage].fn)));
      for (const id of recordingIds) expect(policies).not.toContain(id);
    }
    for (const stage of ['ingest', 'transcribe'] as const) {
      const statements = statementsOf(idOf(stack.stages[stage].fn));
      const recordingObjects = statements.filter((statement) =>
        JSON.stringify(statement.Resource).includes('/recordings/*'),
      );
      expect(recordingObjects).toHaveLength(1);
      expect(JSON.stringify(recordingObjects[0]?.Action)).not.toMatch(/Put|Delete/);
    }
  });

  it('lets transcribe delete recording versions only with deleteRecordingAfterTranscription', () => {
    // Prepare
    const deletes = (statements: Record<string, Json>[]) =>
      statements
        .filter((statement) => JSON.stringify(statement.Action).includes('s3:DeleteObject'))
        .filter((statement) => JSON.stringify(statement.Resource).includes('/recordings/*'));
    const { stack: deleting, template: deletingTemplate } = synthesize('delete-recordings', {
      pipelineConfig: 'test/infra/fixtures/delete-recordings.json',
    });
    const deletingJson = deletingTemplate.toJSON() as typeof json;

    // Assess
    expect(deletes(statementsOf(idOf(stack.stages.transcribe.fn)))).toEqual([]);
    expect(
      deletes(statementsOf(idOf(deleting.stages.transcribe.fn), deletingJson)).map(
        (statement) => statement.Action,
      ),
    ).toEqual([['s3:DeleteObject', 's3:DeleteObjectVersion']]);
    for (const stage of ['ingest', 'translate', 'summarize', 'publish'] as const) {
      expect(deletes(statementsOf(idOf(deleting.stages[stage].fn), deletingJson))).toEqual([]);
    }
  });

  it('alarms on every dead-letter queue and on old messages in every stage queue', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
    const dlqs = [
      ...STAGES.map((stage) => stack.stages[stage].input),
      stack.summaryReady,
      stack.erase.input,
    ].map(({ deadLetterQueue }) => getAtt(idOf(deadLetterQueue), 'QueueName'));
    for (const queueName of dlqs) {
      expect(alarms).toContainEqual(
        expect.objectContaining({
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: queueName }],
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
        }),
      );
    }
    for (const stage of STAGES) {
      expect(alarms).toContainEqual(
        expect.objectContaining({
          MetricName: 'ApproximateAgeOfOldestMessage',
          Dimensions: [
            { Name: 'QueueName', Value: getAtt(idOf(stack.stages[stage].queue), 'QueueName') },
          ],
          Threshold: 900,
          TreatMissingData: 'notBreaching',
        }),
      );
    }
    // Per stage: dead letters and oldest message; plus summary-ready, erase and review DLQs,
    // and the reconciler's errors and dead letters.
    expect(alarms).toHaveLength(2 * STAGES.length + 5);
  });

  it('notifies the encrypted alarm topic from every alarm and outputs its ARN', () => {
    // Prepare
    const topicId = idOf(stack.alarmTopic.topic);
    const keyId = idOf(stack.alarmTopic.key);

    // Assess
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: topicId }] });
    expect(at(propsOf(stack.alarmTopic.topic), 'KmsMasterKeyId')).toEqual(getAtt(keyId));
    expect(at(json.Outputs, 'AlarmTopicArn', 'Value')).toEqual({ Ref: topicId });
    const keyStatements = at(propsOf(stack.alarmTopic.key), 'KeyPolicy', 'Statement') as Json[];
    expect(keyStatements).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
      }),
    );
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
          }),
        ]),
      },
    });
  });

  it('outputs bucket names, the recordings prefix and the queue URLs for case systems', () => {
    expect(Object.keys(json.Outputs)).toEqual(
      expect.arrayContaining([
        'RecordingsBucketName',
        'ResultsBucketName',
        'RecordingsPrefix',
        'SummaryReadyQueueUrl',
        'EraseQueueUrl',
        'AlarmTopicArn',
      ]),
    );
  });
});

describe('Methods: grantConsumeSummaries and grantUpload', () => {
  let built: ReturnType<typeof buildApp>;
  let caseSystem: Role;
  let recorder: Role;
  let grantJson: typeof json;

  beforeAll(() => {
    // Prepare: these roles are not acknowledged here, so findings must not fail the synth.
    built = buildApp(
      { ...TEST_CONTEXT, '@aws-cdk/core:failSynthOnValidationErrors': false },
      { outdir: join(REPO_ROOT, '.tmp', 'infra-tests', 'grant') },
    );
    caseSystem = new Role(built.stack, 'CaseSystem', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    recorder = new Role(built.stack, 'Recorder', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });

    // Act
    built.stack.grantConsumeSummaries(caseSystem);
    built.stack.grantUpload(recorder);
    grantJson = Template.fromStack(built.stack).toJSON() as typeof json;
  });

  const statementsOfRole = (role: Role) =>
    Object.values(grantJson.Resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy')
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(idOf(role)))
      .flatMap((policy) => at(policy.Properties, 'PolicyDocument', 'Statement') as Json[]);

  it('lets a case system consume summary-ready messages and read what the README offers', () => {
    const text = JSON.stringify(statementsOfRole(caseSystem));
    expect(text).toContain('sqs:ReceiveMessage');
    expect(text).toContain(idOf(built.stack.summaryReady.queue));
    for (const key of [
      '/cases/*/contacts/*/summary.json',
      '/cases/*/contacts/*/summary.*.md',
      '/cases/*/contacts/*/summary.*.html',
      '/cases/*/contacts/*/review.json',
      '/cases/*/contacts/*/summary.corrected.json',
      '/cases/*/case.json',
      '/cases/*/case.*.md',
      '/cases/*/case.*.html',
    ]) {
      expect(text).toContain(key);
    }
    expect(text).not.toContain('transcript');
    expect(text).not.toContain('errors/');
    expect(text).not.toContain(idOf(built.stack.recordings.bucket));
    expect(text).not.toMatch(/s3:(Put|Delete|List)/);
  });

  it('lets a recorder put objects under the recordings prefix with the bucket key, nothing else', () => {
    const statements = statementsOfRole(recorder) as Record<string, Json>[];
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: {
          'Fn::Join': ['', [getAtt(idOf(built.stack.recordings.bucket)), '/recordings/*']],
        },
      },
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: getAtt(idOf(built.stack.recordings.key)),
      },
    ]);
  });
});

/** IAM statements of the policies attached to a function's role. */
function statementsOf(functionId: string, template = json): Record<string, Json>[] {
  const role = at(template.Resources[functionId]?.Properties, 'Role', 'Fn::GetAtt', 0);
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes(`"${role}"`))
    .flatMap(
      ([, policy]) =>
        at(policy.Properties, 'PolicyDocument', 'Statement') as Record<string, Json>[],
    );
}
