import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RECONCILE_SETTINGS, loadDeploymentConfig } from '../../infra/config';
import type { CallbriefStack } from '../../infra/stacks/CallbriefStack';
import { synthesize } from './synthesize';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
  Condition?: unknown;
};

let stack: CallbriefStack;
let resources: Record<string, Resource>;

const idOf = (construct: IConstruct) =>
  Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
const propsOf = (construct: IConstruct) => resources[idOf(construct)]?.Properties ?? {};
const arn = (construct: IConstruct) => ({ 'Fn::GetAtt': [idOf(construct), 'Arn'] });
const actions = (statement: Statement) => [statement.Action].flat();

/** Statements of the policies attached to a role. */
function statementsOfRole(role: IConstruct): Statement[] {
  const roleId = idOf(role);
  return Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::IAM::Policy')
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`))
    .flatMap(
      (policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    );
}

beforeAll(() => {
  const { stack: built, template } = synthesize('reconcile');
  stack = built;
  resources = (template.toJSON() as { Resources: Record<string, Resource> }).Resources;
});

describe('Construct: ReconcileSchedule', () => {
  it('invokes the reconcile function at the configured rate, encrypted with its own key', () => {
    // Prepare
    const { schedule, fn, key, deadLetterQueue } = stack.reconcile;

    // Assess
    expect(propsOf(schedule)).toMatchObject({
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
      KmsKeyArn: arn(key),
      Target: {
        Arn: arn(fn),
        DeadLetterConfig: { Arn: arn(deadLetterQueue) },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 900 },
      },
    });
    expect(propsOf(key)).toMatchObject({ EnableKeyRotation: true });
    expect(propsOf(deadLetterQueue)).toMatchObject({ KmsMasterKeyId: arn(key) });
  });

  it('runs functions/handlers/reconcile.ts on nodejs24.x arm64 with the configured bounds', () => {
    const { fn } = stack.reconcile;

    expect(propsOf(fn)).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } },
      Environment: {
        Variables: {
          RECORDINGS_BUCKET: { Ref: idOf(stack.recordings.bucket) },
          RESULTS_BUCKET: { Ref: idOf(stack.results.bucket) },
          RECORDINGS_PREFIX: 'recordings/',
          INGEST_QUEUE_URL: { Ref: idOf(stack.stages.ingest.queue) },
          RECONCILE_OLDER_THAN_MINUTES: '60',
          RECONCILE_MAX_REENQUEUE: '500',
        },
      },
    });
    const logGroup = (propsOf(fn).LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(resources[logGroup]?.Properties).toMatchObject({
      RetentionInDays: 90,
      KmsKeyId: expect.anything(),
    });
  });

  it("gives the function's role only what the core needs, and no wildcard action", () => {
    const { role } = stack.reconcile;
    const { recordings, results } = stack;
    const statements = statementsOfRole(role);
    const byAction = (action: string) => statements.filter((s) => actions(s).includes(action));

    expect(new Set(statements.flatMap(actions))).toEqual(
      new Set([
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:ListBucket',
        's3:GetObject',
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'sqs:SendMessage',
      ]),
    );
    // Listing: the recordings prefix, and the results the core checks.
    expect(byAction('s3:ListBucket')).toEqual([
      expect.objectContaining({
        Resource: arn(recordings.bucket),
        Condition: { StringLike: { 's3:prefix': ['recordings/*'] } },
      }),
      expect.objectContaining({
        Resource: arn(results.bucket),
        Condition: { StringLike: { 's3:prefix': ['cases/*', 'errors/*'] } },
      }),
    ]);
    // Reading: error records and recording.json of the results, never a recording.
    const readable = byAction('s3:GetObject').flatMap((s) => [s.Resource].flat());
    expect(readable).toHaveLength(2);
    expect(readable).toEqual(
      expect.arrayContaining([
        { 'Fn::Join': ['', [arn(results.bucket), '/errors/*']] },
        { 'Fn::Join': ['', [arn(results.bucket), '/cases/*/contacts/*/recording.json']] },
      ]),
    );
    // Sending: the ingest queue only.
    expect(byAction('sqs:SendMessage').flatMap((s) => [s.Resource].flat())).toEqual([
      arn(stack.stages.ingest.queue),
    ]);
    expect(JSON.stringify(statements)).not.toContain(idOf(recordings.key));
  });

  it("lets Scheduler's own role invoke only this function and dead-letter to its queue", () => {
    const schedulerRole = stack.reconcile.node.findChild('SchedulerRole');
    const { fn, deadLetterQueue, key } = stack.reconcile;
    const statements = statementsOfRole(schedulerRole);

    expect(new Set(statements.flatMap(actions))).toEqual(
      new Set(['kms:Decrypt', 'kms:GenerateDataKey', 'lambda:InvokeFunction', 'sqs:SendMessage']),
    );
    const resourcesOf = (action: string) =>
      statements.filter((s) => actions(s).includes(action)).flatMap((s) => [s.Resource].flat());
    expect(resourcesOf('lambda:InvokeFunction')).toContainEqual(arn(fn));
    expect(resourcesOf('sqs:SendMessage')).toEqual([arn(deadLetterQueue)]);
    expect(new Set(resourcesOf('kms:Decrypt'))).toEqual(new Set([arn(key)]));
    expect(propsOf(schedulerRole)).toMatchObject({
      AssumeRolePolicyDocument: {
        Statement: [
          expect.objectContaining({
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          }),
        ],
      },
    });
  });

  it('alarms on function errors and on dead letters, through the alarm topic', () => {
    const [errors, deadLetters] = stack.reconcile.alarms;
    const topic = { Ref: idOf(stack.alarmTopic.topic) };

    expect(stack.alarms).toEqual(expect.arrayContaining([...stack.reconcile.alarms]));
    expect(propsOf(errors as IConstruct)).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: idOf(stack.reconcile.fn) } }],
      AlarmActions: [topic],
    });
    expect(propsOf(deadLetters as IConstruct)).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      AlarmActions: [topic],
    });
  });

  it('writes no literal commercial ARN in any of its resources', () => {
    const own = Object.entries(resources).filter(([id]) => id.startsWith('Reconcile'));

    expect(own.length).toBeGreaterThan(8);
    expect(JSON.stringify(own)).not.toContain('arn:aws:');
  });
});

describe('Config: reconcile', () => {
  const offline = {
    pipelineConfig: 'test/infra/fixtures/host-binary.json',
    allowHostBinaryProvidersForTests: true,
  };
  const load = (reconcile: unknown) =>
    loadDeploymentConfig((key) => ({ ...offline, reconcile })[key as 'reconcile'], {});

  it('defaults to every 15 min, recordings older than 60 min, at most 500 per run', () => {
    expect(load(undefined).reconcile).toEqual(DEFAULT_RECONCILE_SETTINGS);
    expect(DEFAULT_RECONCILE_SETTINGS).toEqual({
      everyMinutes: 15,
      olderThanMinutes: 60,
      maxReenqueue: 500,
    });
  });

  it('takes keys from a JSON string (-c) and keeps the defaults of the others', () => {
    expect(load('{"everyMinutes": 30}').reconcile).toEqual({
      everyMinutes: 30,
      olderThanMinutes: 60,
      maxReenqueue: 500,
    });
  });

  it('refuses runs closer than twice the timeout, zero bounds and unknown keys', () => {
    expect(() => load({ everyMinutes: 5 })).toThrow(/context "reconcile\.everyMinutes"/);
    expect(() => load({ maxReenqueue: 0 })).toThrow(/context "reconcile\.maxReenqueue"/);
    expect(() => load({ everyMinute: 20 })).toThrow(/context "reconcile"/);
  });
});
