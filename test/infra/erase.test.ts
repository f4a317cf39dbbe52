import { join } from 'node:path';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { REPO_ROOT } from '../../infra/config';
import type { CallbriefStack } from '../../infra/stacks/CallbriefStack';
import { synthesize, TEST_CONTEXT } from './synthesize';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

let stack: CallbriefStack;
let resources: Record<string, Resource>;
let outputs: Record<string, { Value: unknown }>;

const idOf = (construct: IConstruct) =>
  Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
const propsOf = (construct: IConstruct) => resources[idOf(construct)]?.Properties ?? {};
const ofType = (type: string) =>
  Object.entries(resources).filter(([, resource]) => resource.Type === type);
const actions = (statement: Statement) => [statement.Action].flat();
const arn = (construct: IConstruct) => ({ 'Fn::GetAtt': [idOf(construct), 'Arn'] });
const objects = (construct: IConstruct, key: string) => ({
  'Fn::Join': ['', [arn(construct), `/${key}`]],
});

/** Statements of the policies attached to a role. */
function statementsOfRole(roleId: string): Statement[] {
  return ofType('AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`))
    .flatMap(
      ([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    );
}

/** The resources a role may use `action` on. */
function resourcesFor(roleId: string, action: string): unknown[] {
  return statementsOfRole(roleId)
    .filter((statement) => actions(statement).includes(action))
    .flatMap((statement) => [statement.Resource].flat());
}

beforeAll(() => {
  const { stack: built, template } = synthesize('erase');
  stack = built;
  const json = template.toJSON() as {
    Resources: Record<string, Resource>;
    Outputs: Record<string, { Value: unknown }>;
  };
  resources = json.Resources;
  outputs = json.Outputs;
});

describe('Construct: EraseWorker', () => {
  it('feeds the function from an encrypted queue with a dead-letter queue and an alarm', () => {
    const queueKey = { 'Fn::GetAtt': [idOf(stack.pipeline.node.findChild('QueuesKey')), 'Arn'] };
    const { queue, deadLetterQueue, deadLetterAlarm } = stack.erase.input;

    expect(propsOf(queue)).toMatchObject({
      KmsMasterKeyId: queueKey,
      VisibilityTimeout: 1800,
      RedrivePolicy: { deadLetterTargetArn: arn(deadLetterQueue), maxReceiveCount: 5 },
    });
    expect(propsOf(deadLetterQueue)).toMatchObject({ KmsMasterKeyId: queueKey });
    expect(propsOf(deadLetterAlarm)).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [idOf(deadLetterQueue), 'QueueName'] } },
      ],
      AlarmActions: [{ Ref: idOf(stack.alarmTopic.topic) }],
    });
    expect(
      ofType('AWS::Lambda::EventSourceMapping').map(([, mapping]) => mapping.Properties),
    ).toContainEqual(
      expect.objectContaining({
        EventSourceArn: arn(queue),
        FunctionName: { Ref: idOf(stack.erase.fn) },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    );
  });

  it('runs functions/handlers/erase.ts on nodejs24.x arm64 with the buckets, MAC key and its queue', () => {
    expect(propsOf(stack.erase.fn)).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } },
      Environment: {
        Variables: {
          RECORDINGS_BUCKET: { Ref: idOf(stack.recordings.bucket) },
          RESULTS_BUCKET: { Ref: idOf(stack.results.bucket) },
        },
      },
    });
    const variables = (propsOf(stack.erase.fn).Environment as { Variables: object }).Variables;
    expect(Object.keys(variables)).toEqual([
      'POWERTOOLS_LOG_LEVEL',
      'RECORDINGS_BUCKET',
      'RESULTS_BUCKET',
      'CASE_ID_MAC_KEY_ID',
      'ERASE_QUEUE_URL',
      'SECOND_SWEEP_DELAY_SECONDS',
    ]);
    // The longest stage timeout (transcribe, 600 s) plus a minute.
    expect(variables).toMatchObject({ SECOND_SWEEP_DELAY_SECONDS: '660' });
    const logGroup = (propsOf(stack.erase.fn).LoggingConfig as { LogGroup: { Ref: string } })
      .LogGroup.Ref;
    expect(resources[logGroup]?.Properties).toMatchObject({ RetentionInDays: 90 });
  });

  it('lets it list and delete every version in both buckets, recordings only under the prefix and live audio', () => {
    const role = idOf(stack.erase.node.findChild('Role'));
    const { recordings, results } = stack;

    for (const action of ['s3:ListBucket', 's3:ListBucketVersions']) {
      expect(resourcesFor(role, action)).toEqual(
        expect.arrayContaining([arn(recordings.bucket), arn(results.bucket)]),
      );
    }
    for (const action of ['s3:DeleteObject', 's3:DeleteObjectVersion']) {
      const deletable = resourcesFor(role, action);
      expect(deletable).toHaveLength(10);
      expect(deletable).toEqual(
        expect.arrayContaining([
          objects(recordings.bucket, 'recordings/*'),
          objects(recordings.bucket, 'live-audiohook/*'),
          objects(results.bucket, 'cases/*/*'),
          objects(results.bucket, 'unredacted/cases/*/*'),
          ...['ingest', 'transcribe', 'translate', 'summarize', 'publish'].map((stage) =>
            objects(results.bucket, `errors/${stage}/cases/*/*`),
          ),
          objects(results.bucket, 'errors/ingest/objects/*'),
        ]),
      );
    }
    // Erasure never reads a recording, and cannot decrypt one.
    expect(resourcesFor(role, 's3:GetObject')).not.toContainEqual(
      objects(recordings.bucket, 'recordings/*'),
    );
    expect(JSON.stringify(statementsOfRole(role))).not.toContain(idOf(recordings.key));
  });

  it('lets it read recording.json, write receipts and use the results key', () => {
    const role = idOf(stack.erase.node.findChild('Role'));
    const { results } = stack;

    const readable = resourcesFor(role, 's3:GetObject');
    expect(readable).toHaveLength(4);
    expect(readable).toEqual(
      expect.arrayContaining([
        objects(results.bucket, 'cases/*/contacts/*/recording.json'),
        objects(results.bucket, 'cases/*/inputs/*'),
        objects(results.bucket, 'errors/*/cases/*'),
        objects(results.bucket, 'erasure-receipts/*'),
      ]),
    );
    for (const action of ['s3:PutObject', 's3:PutObjectTagging']) {
      expect(resourcesFor(role, action)).toEqual([objects(results.bucket, 'erasure-receipts/*')]);
    }
    for (const action of ['kms:Decrypt', 'kms:GenerateDataKey']) {
      expect(resourcesFor(role, action)).toContainEqual(arn(results.key));
    }
    // Receipts are proof of erasure: the function cannot delete them.
    expect(resourcesFor(role, 's3:DeleteObject')).not.toContainEqual(
      objects(results.bucket, 'erasure-receipts/*'),
    );
  });

  it('outputs the erase queue URL', () => {
    expect(outputs.EraseQueueUrl?.Value).toEqual({ Ref: idOf(stack.erase.input.queue) });
  });
});

describe('Stack: Callbrief (erasure leaves no versions behind)', () => {
  it('versions both buckets and expires noncurrent versions in every lifecycle rule', () => {
    for (const bucket of [stack.recordings.bucket, stack.results.bucket]) {
      const properties = propsOf(bucket) as {
        VersioningConfiguration: { Status: string };
        LifecycleConfiguration: { Rules: Record<string, unknown>[] };
      };
      expect(properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(properties.LifecycleConfiguration.Rules.length).toBeGreaterThan(0);
      for (const rule of properties.LifecycleConfiguration.Rules) {
        expect(rule).toMatchObject({
          Status: 'Enabled',
          NoncurrentVersionExpiration: { NoncurrentDays: 7 },
        });
      }
    }
  });
});

describe('Method: grantSendEraseRequests', () => {
  it('lets a case system send to the erase queue and nothing more', () => {
    // Prepare: the case system's own role is not acknowledged here, so findings must not fail.
    const built = buildApp(
      { ...TEST_CONTEXT, '@aws-cdk/core:failSynthOnValidationErrors': false },
      { outdir: join(REPO_ROOT, '.tmp', 'infra-tests', 'grant-erase') },
    );
    const caseSystem = new Role(built.stack, 'CaseSystem', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });

    // Act
    built.stack.grantSendEraseRequests(caseSystem);

    // Assess
    const policies = Template.fromStack(built.stack).findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: idOf(caseSystem) }] },
    });
    const text = JSON.stringify(policies);
    expect(text).toContain('sqs:SendMessage');
    expect(text).toContain(idOf(built.stack.erase.input.queue));
    expect(text).not.toContain('sqs:ReceiveMessage');
    expect(text).not.toMatch(/"s3:/);
  });
});
