import { join } from 'node:path';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { REPO_ROOT } from '../../infra/config';
import { buildReport, type SovereigntyReport } from '../../infra/sovereignty/report/buildReport';
import { readCloudAssembly } from '../../infra/sovereignty/report/cloudAssembly';
import { TEST_CONTEXT } from './synthesize';

const outdir = (name: string) => join(REPO_ROOT, '.tmp', 'infra-tests', name);

/** Synthesizes like `cdk synth` (findings fail it) and reads the report's view of it. */
function synthesizeAndReport(name: string, context: Record<string, unknown> = {}) {
  const { app } = buildApp({ ...TEST_CONTEXT, ...context }, { outdir: outdir(name) });
  app.synth();
  return buildReport(readCloudAssembly(outdir(name)));
}

/** `AwsSolutions::AwsSolutions-IAM5[...]` -> `AwsSolutions-IAM5`. */
const ruleOf = (id: string) => id.replace(/^[^:]+::/, '').replace(/\[.*$/, '');

describe('Function: buildApp (rule packs)', () => {
  let report: SovereigntyReport;

  beforeAll(() => {
    report = synthesizeAndReport('rule-checks');
  });

  it('runs Sovereignty, AwsSolutions and NIST 800-53 r5 and leaves no finding open', () => {
    expect(report.rulePacks).toEqual(
      expect.arrayContaining(['AwsSolutions', 'NIST.800.53.R5', 'Sovereignty']),
    );
    expect(report.openFindings).toEqual([]);
  });

  it('acknowledges each finding on its resource, with a reason, suppressing something', () => {
    expect(report.acknowledgements.length).toBeGreaterThan(0);
    for (const ack of report.acknowledgements) {
      expect(ack.id).toMatch(/^(AwsSolutions|NIST\.800\.53\.R5)::/);
      // Below the stack: never the app ("(app)") or the stack ("Callbrief") itself.
      expect(ack.scope).toMatch(/^Callbrief\/.+/);
      expect(ack.reason.length).toBeGreaterThan(60);
      expect(ack.suppressed.length).toBeGreaterThan(0);
    }
  });

  it('acknowledges exactly the rules the stack is known to need', () => {
    expect(new Set(report.acknowledgements.map((ack) => ruleOf(ack.id)))).toEqual(
      new Set([
        'AwsSolutions-IAM5',
        'AwsSolutions-S1',
        'AwsSolutions-SQS3',
        'NIST.800.53.R5-IAMNoInlinePolicy',
        'NIST.800.53.R5-LambdaConcurrency',
        'NIST.800.53.R5-LambdaDLQ',
        'NIST.800.53.R5-LambdaInsideVPC',
        'NIST.800.53.R5-S3BucketLoggingEnabled',
        'NIST.800.53.R5-S3BucketReplicationEnabled',
      ]),
    );
    // No managed policy at all since CDK's notifications handler is gone.
    expect(report.acknowledgements.filter((ack) => ruleOf(ack.id) === 'AwsSolutions-IAM4')).toEqual(
      [],
    );
  });

  it('fails synth on a new finding nobody acknowledged', () => {
    // Prepare
    const { app, stack } = buildApp(TEST_CONTEXT, { outdir: outdir('rule-checks-stray') });
    new Queue(stack, 'Stray');

    // Act & Assess
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS3/);
  });
});

describe('Function: buildApp (rule packs, strict network)', () => {
  it('does not acknowledge LambdaInsideVPC, because every function is in the VPC', () => {
    // Act
    const report = synthesizeAndReport('rule-checks-strict', {
      strictNetwork: true,
      pipelineConfig: 'config/examples/in-partition.json',
      s3PrefixListId: 'pl-0123456789abcdef0',
    });

    // Assess
    expect(report.openFindings).toEqual([]);
    const rules = report.acknowledgements.map((ack) => ruleOf(ack.id));
    expect(rules).not.toContain('NIST.800.53.R5-LambdaInsideVPC');
    expect(rules).toContain('NIST.800.53.R5-VPCDefaultSecurityGroupClosed');
  });
});
