import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../infra/config';
import { applyCallbriefChecks } from '../../../infra/sovereignty/applyChecks';
import { buildReport } from '../../../infra/sovereignty/report/buildReport';
import { readCloudAssembly } from '../../../infra/sovereignty/report/cloudAssembly';
import { synthesizeApp } from '../../../infra/sovereignty/report/synthesizeApp';
import { main } from '../../../scripts/sovereignty-report';
import { euscStack, testApp, withSynth } from './support';

const CONTEXT = {
  account: '123456789012',
  pipelineConfig: 'test/infra/sovereignty/fixtures/eu-providers.json',
};
const CONTEXT_ARGS = Object.entries(CONTEXT).flatMap(([key, value]) => ['-c', `${key}=${value}`]);

const scratch = mkdtempSync(join(tmpdir(), 'callbrief-report-test-'));
const read = (dir: string, file: string) => readFileSync(join(dir, file));

describe('Script: sovereignty-report', () => {
  let first: ReturnType<typeof main>;

  beforeAll(() => {
    first = main(['--out', join(scratch, 'first'), ...CONTEXT_ARGS]);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('writes report.md and report.json with identical bytes on a second run', () => {
    // Act
    main(['--out', join(scratch, 'second'), ...CONTEXT_ARGS]);

    // Assess
    for (const file of ['report.md', 'report.json']) {
      expect(read(join(scratch, 'second'), file).equals(read(join(scratch, 'first'), file))).toBe(
        true,
      );
    }
  });

  it('gives the same bytes from an existing cloud assembly (--assembly)', () => {
    // Prepare
    const assembly = join(scratch, 'cdk.out');
    synthesizeApp(CONTEXT, assembly);

    // Act
    main(['--assembly', assembly, '--out', join(scratch, 'from-assembly')]);

    // Assess
    for (const file of ['report.md', 'report.json']) {
      expect(
        read(join(scratch, 'from-assembly'), file).equals(read(join(scratch, 'first'), file)),
      ).toBe(true);
    }
  });

  it('contains no absolute path and no timestamp', () => {
    const text = `${read(join(scratch, 'first'), 'report.md')}${read(join(scratch, 'first'), 'report.json')}`;

    expect(text).not.toContain(REPO_ROOT);
    expect(text).not.toContain(tmpdir());
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });

  it('describes each resource: region, partition, key, retention, readers and writers', () => {
    const recordings = first.report.resources.find((r) => r.path === 'Callbrief/Recordings/Bucket');

    expect(recordings).toMatchObject({
      type: 'AWS::S3::Bucket',
      region: 'eusc-de-east-1',
      partition: 'aws-eusc',
      encryption: 'customer-managed',
      encryptionKey: expect.stringMatching(/^RecordingsKey/),
      retention: { expirationDays: 30, noncurrentVersionExpirationDays: 7 },
      deletionPolicy: 'Retain',
    });
    const readers = recordings?.access.filter((grant) => grant.read.length > 0).map((g) => g.role);
    // Erase only lists versions (and deletes them), reconcile only lists: neither reads one.
    expect(readers?.map((role) => role.replace(/[0-9A-F]{8}$/, ''))).toEqual([
      'EraseRole',
      'IngestStageRole',
      'ReconcileRole',
      'TranscribeStageRole',
    ]);
    const reconcile = recordings?.access.find((grant) => grant.role.startsWith('ReconcileRole'));
    expect(reconcile?.read).toEqual(['s3:ListBucket']);
    const erase = recordings?.access.find((grant) => grant.role.startsWith('EraseRole'));
    expect(erase?.read).toEqual(['s3:ListBucket', 's3:ListBucketVersions']);
    const results = first.report.resources.find((r) => r.path === 'Callbrief/Results/Bucket');
    expect(results?.retention).toMatchObject({
      expirationDays: 3650,
      expirationDaysByFilter: expect.objectContaining({
        'tag callbrief:class=summary': 365,
        'tag callbrief:class=unredacted-transcript': 7,
      }),
    });
    const queue = first.report.resources.find((r) => r.path === 'Callbrief/SummaryReady/Queue');
    expect(queue?.retention).toEqual({ messageRetentionSeconds: 14 * 86_400 });
  });

  it('lists each external data flow with operator, country and the data sent', () => {
    expect(
      first.report.dataFlows.map(({ capability, endpointHost, operator, country, dataSent }) => ({
        capability,
        endpointHost,
        operator,
        country,
        dataSent,
      })),
    ).toEqual([
      {
        capability: 'speechToText',
        endpointHost: 'api.eu.mistral.ai',
        operator: 'Mistral AI',
        country: 'FR',
        dataSent: ['audio'],
      },
      {
        capability: 'summarization',
        endpointHost: 'oai.endpoints.kepler.ai.cloud.ovh.net',
        operator: 'OVHcloud',
        country: 'FR',
        dataSent: ['transcript text'],
      },
      {
        capability: 'translation',
        endpointHost: 'api-free.deepl.com',
        operator: 'DeepL SE',
        country: 'DE',
        dataSent: ['transcript text', 'summary text'],
      },
      {
        capability: 'translation',
        endpointHost: 'api.deepl.com',
        operator: 'DeepL SE',
        country: 'DE',
        dataSent: ['transcript text', 'summary text'],
      },
    ]);
  });

  it('answers the four questions', () => {
    const markdown = read(join(scratch, 'first'), 'report.md').toString();

    for (const question of [
      'Where does the data lie physically?',
      'Who operates the infrastructure?',
      'Who can access it, technically and legally?',
      'Under which law?',
    ]) {
      expect(markdown).toContain(`### ${question}`);
    }
    expect(first.report.answers.whereIsTheData).toContain(
      'eusc-de-east-1 of partition aws-eusc (Brandenburg, Germany)',
    );
    expect(first.report.answers.underWhichLaw).toContain('all within the EU/EEA');
    expect(first.report.answers.whereIsTheData).toContain(
      'No replication to another region (checked by Sovereignty-NoCrossRegionReplication)',
    );
  });

  it('shows recordings reaching ingest through EventBridge, and no custom resource', () => {
    // Prepare
    const markdown = read(join(scratch, 'first'), 'report.md').toString();
    const pathOf = (id: string) =>
      first.report.resources.find((resource) => resource.logicalId === id)?.path;

    // Assess
    const [rule] = first.report.eventRoutes.filter((route) => route.via.startsWith('EventBridge'));
    expect(pathOf(rule!.source)).toBe('Callbrief/Recordings/Bucket');
    expect(rule!.filter).toBe('Object Created, key prefix recordings/');
    expect(rule!.targets.map(pathOf)).toEqual(['Callbrief/IngestStage/Input/Queue']);
    expect(pathOf(rule!.deadLetter!)).toBe('Callbrief/IngestStage/Input/DeadLetterQueue');
    expect(first.report.eventRoutes.map((route) => route.via)).not.toContain('S3 notification');
    expect(first.report.customResources).toEqual([]);
    expect(markdown).toContain('## Internal event routes');
    expect(markdown).toContain('Custom resources (code CloudFormation runs at deploy time): none.');
    const queue = first.report.resources.find(
      (resource) => resource.path === 'Callbrief/IngestStage/Input/Queue',
    );
    expect(queue?.resourcePolicy).toContainEqual(
      expect.objectContaining({
        principal: expect.stringContaining('events.amazonaws.com'),
        write: ['sqs:SendMessage'],
        conditions: ['aws:SourceArn'],
      }),
    );
  });

  it('lists every acknowledgement of the app with its reason and no open finding', () => {
    const markdown = read(join(scratch, 'first'), 'report.md').toString();

    expect(first.report.openFindings).toEqual([]);
    expect(first.report.rulePacks).toEqual(['AwsSolutions', 'NIST.800.53.R5', 'Sovereignty']);
    for (const ack of first.report.acknowledgements) {
      expect(markdown).toContain(
        `| ${ack.id.replace(/\|/g, '\\|')} | ${ack.scope} | ${ack.reason} |`,
      );
    }
  });
});

describe('Function: buildReport', () => {
  it('lists every acknowledgement with its reason and what it suppressed', () => {
    // Prepare
    const app = testApp({ failOnFindings: false });
    applyCallbriefChecks(app);
    const stack = euscStack(app);
    const key = new Key(stack, 'Key', { enableKeyRotation: true });
    const first = new Queue(stack, 'First', { encryptionMasterKey: key, enforceSSL: true });
    new Queue(stack, 'Second', { encryptionMasterKey: key, enforceSSL: true });
    Validations.of(first).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'Plain id, on the queue.',
    });
    Validations.of(stack).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: 'Namespaced id, on the stack.',
    });

    // Act
    const report = withSynth(app, (outdir) => buildReport(readCloudAssembly(outdir)));

    // Assess
    expect(report.acknowledgements).toEqual([
      {
        id: 'AwsSolutions-SQS3',
        reason: 'Plain id, on the queue.',
        scope: 'Test/First',
        // cdk-nag filters plain ids itself, so CDK cannot tell what they suppressed.
        suppressed: [],
      },
      {
        id: 'AwsSolutions::AwsSolutions-SQS3',
        reason: 'Namespaced id, on the stack.',
        scope: 'Test',
        suppressed: [{ rule: 'AwsSolutions-SQS3', resources: ['Test/Second'] }],
      },
    ]);
    expect(report.openFindings).toEqual([]);
  });
});

describe('Function: buildReport (acknowledgement on the App)', () => {
  it('takes it from the validation report, since no stack metadata carries it', () => {
    // Prepare
    const app = testApp({ failOnFindings: false });
    applyCallbriefChecks(app);
    const stack = euscStack(app);
    const key = new Key(stack, 'Key', { enableKeyRotation: true });
    new Queue(stack, 'Queue', { encryptionMasterKey: key, enforceSSL: true });
    Validations.of(app).acknowledge({ id: 'AwsSolutions::AwsSolutions-SQS3', reason: 'App-wide.' });

    // Act
    const report = withSynth(app, (outdir) => buildReport(readCloudAssembly(outdir)));

    // Assess
    expect(report.acknowledgements).toEqual([
      {
        id: 'AwsSolutions::AwsSolutions-SQS3',
        reason: 'App-wide.',
        scope: '(app)',
        suppressed: [{ rule: 'AwsSolutions-SQS3', resources: ['Test/Queue'] }],
      },
    ]);
  });
});
