import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAGE_WRITES } from '../../infra/constructs/grantObjectAccess';
import type { CallbriefStack } from '../../infra/stacks/CallbriefStack';
import { synthesize } from './synthesize';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
  Principal?: unknown;
  Sid?: string;
};

const CONSUME = [
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
  'sqs:ReceiveMessage',
];
const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
/** Read artifacts, write its own, look up erasure markers, list only under prefixes. */
const STAGE = [
  ...CONSUME,
  ...LOGS,
  'kms:Decrypt',
  'kms:GenerateDataKey',
  'kms:GenerateMac',
  's3:GetObject',
  's3:ListBucket',
  's3:PutObject',
  's3:PutObjectTagging',
  'sqs:SendMessage',
];
/** config/eusc.json names an API key secret for each AI provider. */
const API_KEY = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];

/** Every action each role may use, and nothing else (config/eusc.json). */
const EXPECTED_ACTIONS: Record<string, string[]> = {
  ingest: STAGE,
  transcribe: [...STAGE, ...API_KEY],
  translate: [...STAGE, ...API_KEY],
  summarize: [...STAGE, ...API_KEY],
  publish: STAGE,
  erase: [...STAGE, 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:ListBucketVersions'],
  review: STAGE.filter((action) => action !== 'sqs:SendMessage'),
  reconcile: [
    ...LOGS,
    'kms:Decrypt',
    'kms:GenerateDataKey',
    's3:GetObject',
    's3:ListBucket',
    'sqs:SendMessage',
  ],
};

/** Actions no pipeline stage may have on anything. */
const FORBIDDEN_FOR_STAGES = [
  /^s3:Delete/,
  /^s3:PutObjectRetention$/,
  /^s3:PutObjectLegalHold$/,
  /^s3:PutObjectAcl$/,
  /^s3:BypassGovernanceRetention$/,
  /^kms:ReEncrypt/,
  /^kms:Encrypt$/,
  /\*/,
];

let stack: CallbriefStack;
let resources: Record<string, Resource>;

const idOf = (construct: IConstruct) =>
  Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
const actionsOf = (statement: Statement) => [statement.Action].flat();
const objects = (bucket: IConstruct, key: string) => ({
  'Fn::Join': ['', [{ 'Fn::GetAtt': [idOf(bucket), 'Arn'] }, `/${key}`]],
});

function statementsOfRole(roleId: string): Statement[] {
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) => JSON.stringify(r.Properties.Roles).includes(`"${roleId}"`))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

function roles(): Record<string, string> {
  return {
    ...Object.fromEntries(Object.entries(stack.stages).map(([name, s]) => [name, idOf(s.role)])),
    erase: idOf(stack.erase.role),
    review: idOf(stack.review.node.findChild('Role')),
    reconcile: idOf(stack.reconcile.role),
  };
}

function bucketPolicy(bucket: IConstruct): Statement[] {
  const policy = Object.values(resources).find(
    (r) =>
      r.Type === 'AWS::S3::BucketPolicy' &&
      JSON.stringify(r.Properties.Bucket) === JSON.stringify({ Ref: idOf(bucket) }),
  );
  if (!policy) throw new Error('the bucket has no bucket policy');
  return (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
}

beforeAll(() => {
  const built = synthesize('least-privilege');
  stack = built.stack;
  resources = (built.template.toJSON() as { Resources: Record<string, Resource> }).Resources;
});

describe('Stack: Callbrief (least privilege)', () => {
  it.each(Object.keys(EXPECTED_ACTIONS))('grants the %s role exactly its actions', (name) => {
    const granted = statementsOfRole(roles()[name] ?? '')
      .filter((statement) => statement.Effect === 'Allow')
      .flatMap(actionsOf);
    expect([...new Set(granted)].sort()).toEqual([...(EXPECTED_ACTIONS[name] ?? [])].sort());
  });

  it('gives no pipeline stage a delete, retention, legal hold, re-encrypt or wildcard action', () => {
    for (const stage of Object.values(stack.stages)) {
      const granted = statementsOfRole(idOf(stage.role)).flatMap(actionsOf);
      for (const forbidden of FORBIDDEN_FOR_STAGES) {
        expect(granted.filter((action) => forbidden.test(action))).toEqual([]);
      }
    }
  });

  it('lets each stage write only its own artifacts, hand-off marker and error records', () => {
    for (const [name, stage] of Object.entries(stack.stages)) {
      const writable = statementsOfRole(idOf(stage.role))
        .filter((statement) => actionsOf(statement).includes('s3:PutObject'))
        .flatMap((statement) => [statement.Resource].flat());
      const own = [
        ...(STAGE_WRITES[name as keyof typeof STAGE_WRITES] ?? []),
        `cases/*/contacts/*/handoff/${name}.json`,
        `errors/${name}/*`,
      ];
      expect(writable).toHaveLength(own.length);
      expect(writable).toEqual(
        expect.arrayContaining(own.map((key) => objects(stack.results.bucket, key))),
      );
    }
  });

  it('allows s3:ListBucket and s3:ListBucketVersions only with an s3:prefix condition', () => {
    for (const roleId of Object.values(roles())) {
      for (const statement of statementsOfRole(roleId)) {
        if (
          !actionsOf(statement).some((a) => a === 's3:ListBucket' || a === 's3:ListBucketVersions')
        )
          continue;
        expect(statement.Condition?.StringLike?.['s3:prefix']).toBeDefined();
      }
    }
  });

  it('encrypts every function environment with a key of the app', () => {
    const keys = new Set(
      Object.entries(resources)
        .filter(([, r]) => r.Type === 'AWS::KMS::Key')
        .map(([id]) => id),
    );
    const functions = Object.values(resources).filter(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment,
    );
    expect(functions.length).toBeGreaterThanOrEqual(8);
    for (const fn of functions) {
      const keyArn = fn.Properties.KmsKeyArn as { 'Fn::GetAtt': [string, string] } | undefined;
      expect(keys.has(keyArn?.['Fn::GetAtt'][0] ?? '')).toBe(true);
    }
  });
});

describe('Stack: Callbrief (bucket policies)', () => {
  it('refuses writes under erasure-receipts/ by every principal but the erase role', () => {
    const reserved = bucketPolicy(stack.results.bucket).find((s) =>
      JSON.stringify(s.Resource).includes('/erasure-receipts/*'),
    );
    expect(reserved).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Condition: {
        ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': [idOf(stack.erase.role), 'Arn'] } },
      },
    });
    expect(actionsOf(reserved as Statement)).toEqual(
      expect.arrayContaining([
        's3:PutObject',
        's3:DeleteObject',
        's3:DeleteObjectVersion',
        's3:PutObjectRetention',
      ]),
    );
  });

  it("requires SSE-KMS with each bucket's own key", () => {
    for (const encrypted of [stack.recordings, stack.results]) {
      const denies = bucketPolicy(encrypted.bucket).filter(
        (s) =>
          s.Effect === 'Deny' && actionsOf(s).includes('s3:PutObject') && s.Sid?.startsWith('Deny'),
      );
      const ownKey = { 'Fn::GetAtt': [idOf(encrypted.key), 'Arn'] };
      expect(denies.map((s) => s.Condition)).toEqual(
        expect.arrayContaining([
          {
            StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
            Null: { 's3:x-amz-server-side-encryption': 'false' },
          },
          {
            StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': ownKey },
            Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' },
          },
          {
            StringEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
            Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'true' },
          },
        ]),
      );
    }
  });
});
