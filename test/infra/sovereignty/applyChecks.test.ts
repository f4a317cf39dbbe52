import { CfnResource, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { applyCallbriefChecks } from '../../../infra/sovereignty/applyChecks';
import { ACCOUNT, euscStack, synthError, testApp } from './support';

/** An app with all three packs registered, as `applyCallbriefChecks` sets them up. */
function checkedApp() {
  const app = testApp();
  applyCallbriefChecks(app);
  return app;
}

const config = (baseUrl: string) =>
  JSON.stringify({
    speechToText: { type: 'pocketsphinx' },
    translation: { type: 'openai-compatible', baseUrl, model: 'm' },
    summarization: { type: 'extractive' },
  });

function stageFunction(stack: Stack, pipelineConfig: string) {
  return new LambdaFunction(stack, 'Fn', {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: Code.fromInline('export const handler = async () => {};'),
    logGroup: new LogGroup(stack, 'Logs', {
      encryptionKey: new Key(stack, 'LogsKey', { enableKeyRotation: true }),
    }),
    environment: { PIPELINE_CONFIG: pipelineConfig },
  });
}

function role(stack: Stack, managedPolicyArn: string) {
  return new CfnResource(stack, 'Role', {
    type: 'AWS::IAM::Role',
    properties: {
      AssumeRolePolicyDocument: { Statement: [] },
      ManagedPolicyArns: [managedPolicyArn],
    },
  });
}

describe('Function: applyCallbriefChecks', () => {
  it('registers Sovereignty, AwsSolutions and NIST 800-53 rev 5, each failing synth', () => {
    // Prepare
    const app = checkedApp();
    const stack = euscStack(app);
    new Queue(stack, 'Queue', { encryption: QueueEncryption.UNENCRYPTED });
    stageFunction(stack, config('https://api.eu.mistral.ai/v1'));

    // Act
    const message = synthError(app);

    // Assess
    expect(message).toMatch(/Sovereignty-CustomerManagedEncryption/);
    expect(message).toMatch(/AwsSolutions-SQS3/);
    expect(message).toMatch(/NIST\.800\.53\.R5-LambdaConcurrency/);
  });

  it('Noncompliance 1: a literal commercial ARN fails synth naming NoCommercialArn', () => {
    const app = checkedApp();
    role(euscStack(app), 'arn:aws:iam::aws:policy/ReadOnlyAccess');

    expect(synthError(app)).toMatch(/Sovereignty-NoCommercialArn\[aws@ManagedPolicyArns\]/);
  });

  it('Compliance 1: the same ARN in the sovereign partition', () => {
    const app = checkedApp();
    role(euscStack(app), 'arn:aws-eusc:iam::aws:policy/ReadOnlyAccess');

    expect(synthError(app)).toBeUndefined();
  });

  it('Noncompliance 2: an unencrypted queue fails synth naming CustomerManagedEncryption', () => {
    const app = checkedApp();
    new Queue(euscStack(app), 'Queue', {
      encryption: QueueEncryption.UNENCRYPTED,
      enforceSSL: true,
    });

    expect(synthError(app)).toMatch(/Sovereignty-CustomerManagedEncryption/);
  });

  it('Compliance 2: a queue encrypted with a key of the app', () => {
    const app = checkedApp();
    const stack = euscStack(app);
    const key = new Key(stack, 'Key', { enableKeyRotation: true });
    new Queue(stack, 'Queue', { encryptionMasterKey: key, enforceSSL: true });

    // Only AwsSolutions-SQS3 (no dead-letter queue) is left.
    expect(synthError(app)).not.toMatch(/Sovereignty-/);
  });

  it('Noncompliance 3: a non-EU provider endpoint in PIPELINE_CONFIG fails synth naming it', () => {
    const app = checkedApp();
    stageFunction(euscStack(app), config('https://api.openai.com/v1'));

    expect(synthError(app)).toMatch(
      /Sovereignty-EuAiEndpoints\[translation\.baseUrl=api\.openai\.com\]/,
    );
  });

  it('Compliance 3: an allow-listed EU endpoint', () => {
    const app = checkedApp();
    stageFunction(euscStack(app), config('https://api.eu.mistral.ai/v1'));

    // NIST wants concurrency limits, a DLQ and a VPC for functions; none is about sovereignty.
    expect(synthError(app)).not.toMatch(/Sovereignty-/);
  });

  it('Noncompliance 4: a region outside the partition fails synth naming RegionInPartition', () => {
    const app = checkedApp();
    const stack = new Stack(app, 'Frankfurt', {
      env: { account: ACCOUNT, region: 'eu-central-1' },
    });
    new Key(stack, 'Key', { enableKeyRotation: true });

    expect(synthError(app)).toMatch(/Sovereignty-RegionInPartition/);
  });

  it('Compliance 4: eusc-de-east-1', () => {
    const app = checkedApp();
    new Key(euscStack(app), 'Key', { enableKeyRotation: true });

    expect(synthError(app)).toBeUndefined();
  });

  it('Noncompliance 5: autoDeleteObjects fails synth naming NoKnownBrokenConstruct', () => {
    const app = checkedApp();
    new Bucket(euscStack(app), 'Bucket', {
      autoDeleteObjects: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    expect(synthError(app)).toMatch(/Sovereignty-NoKnownBrokenConstruct\[AutoDeleteObjects\]/);
  });

  it('Compliance 5: a retained bucket without autoDeleteObjects', () => {
    const app = checkedApp();
    new Bucket(euscStack(app), 'Bucket', { removalPolicy: RemovalPolicy.RETAIN });

    expect(synthError(app)).not.toMatch(/Sovereignty-NoKnownBrokenConstruct/);
  });

  it('lets synth succeed once every finding is fixed or acknowledged with a reason', () => {
    // Prepare
    const app = checkedApp();
    const stack = euscStack(app);
    const key = new Key(stack, 'Key', { enableKeyRotation: true });
    const deadLetters = new Queue(stack, 'DeadLetters', {
      encryptionMasterKey: key,
      enforceSSL: true,
    });
    new Queue(stack, 'Queue', {
      encryptionMasterKey: key,
      enforceSSL: true,
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 3 },
    });
    Validations.of(deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This is the dead-letter queue itself.',
    });

    // Act & Assess
    expect(synthError(app)).toBeUndefined();
  });
});
