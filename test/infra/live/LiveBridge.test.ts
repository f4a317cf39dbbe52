import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../functions/shared/errors';
import { buildApp } from '../../../infra/app';
import { REPO_ROOT } from '../../../infra/config';
import { buildReport, type SovereigntyReport } from '../../../infra/sovereignty/report/buildReport';
import { readCloudAssembly } from '../../../infra/sovereignty/report/cloudAssembly';
import { TEST_CONTEXT } from '../synthesize';

type Json = Record<string, unknown>;
type Resource = { Type: string; Properties: Json };

const CERTIFICATE =
  'arn:aws-eusc:acm:eusc-de-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const LIVE = {
  liveBridge: 'true',
  liveBridgeSettings: JSON.stringify({
    certificateArn: CERTIFICATE,
    publicUrl: 'https://live.example.org',
  }),
};
const outdir = join(REPO_ROOT, '.tmp', 'infra-tests', 'live-bridge');

describe('Construct: LiveBridge (context liveBridge=true)', () => {
  let resources: Record<string, Resource>;
  let report: SovereigntyReport;
  const ofType = (type: string) =>
    Object.entries(resources).filter(([, resource]) => resource.Type === type);
  const only = (type: string) => {
    const found = ofType(type);
    expect(found).toHaveLength(1);
    return found[0] as [string, Resource];
  };

  beforeAll(() => {
    // Like `cdk synth`: an unacknowledged finding of any pack throws here. Docker is pointed at
    // a binary that does not exist: synth must only stage the image's build context.
    const docker = process.env.CDK_DOCKER;
    process.env.CDK_DOCKER = join(outdir, 'no-docker-here');
    try {
      buildApp({ ...TEST_CONTEXT, ...LIVE }, { outdir }).app.synth();
    } finally {
      if (docker === undefined) delete process.env.CDK_DOCKER;
      else process.env.CDK_DOCKER = docker;
    }
    const template = JSON.parse(readFileSync(join(outdir, 'Callbrief.template.json'), 'utf8'));
    resources = Template.fromJSON(template).toJSON().Resources;
    report = buildReport(readCloudAssembly(outdir));
  });

  it('passes the three rule packs with no finding open', () => {
    expect(report.rulePacks).toEqual(
      expect.arrayContaining(['AwsSolutions', 'NIST.800.53.R5', 'Sovereignty']),
    );
    expect(report.openFindings).toEqual([]);
  });

  it('stages only the build context of the image and builds nothing at synth', () => {
    // Assess: one image asset, whose staged folder holds what the Dockerfile copies.
    const assets = JSON.parse(readFileSync(join(outdir, 'Callbrief.assets.json'), 'utf8'));
    const images = Object.values(assets.dockerImages ?? {}) as Array<{
      source: { directory: string; dockerFile: string };
    }>;
    expect(images).toHaveLength(1);
    const [image] = images as [(typeof images)[number]];
    expect(image.source.dockerFile).toBe('live/container/Dockerfile');
    expect(readdirSync(join(outdir, image.source.directory)).sort()).toEqual([
      'functions',
      'live',
      'package-lock.json',
      'package.json',
      'schemas',
    ]);
  });

  it('listens with TLS on 443 only, with a TLS 1.2+ policy and the ACM certificate', () => {
    const listeners = ofType('AWS::ElasticLoadBalancingV2::Listener').map(([, l]) => l.Properties);
    expect(listeners).toEqual([
      expect.objectContaining({
        Protocol: 'TLS',
        Port: 443,
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
        Certificates: [{ CertificateArn: CERTIFICATE }],
        AlpnPolicy: ['HTTP1Only'],
      }),
    ]);
    const [, loadBalancer] = only('AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(loadBalancer.Properties).toMatchObject({ Type: 'network', Scheme: 'internet-facing' });
  });

  it('writes access logs to a bucket under its own customer-managed key', () => {
    const [, loadBalancer] = only('AWS::ElasticLoadBalancingV2::LoadBalancer');
    const attributes = Object.fromEntries(
      (
        loadBalancer.Properties.LoadBalancerAttributes as Array<{ Key: string; Value: unknown }>
      ).map((a) => [a.Key, a.Value]),
    );
    expect(attributes['access_logs.s3.enabled']).toBe('true');
    const bucketId = (attributes['access_logs.s3.bucket'] as { Ref: string }).Ref;
    const bucket = resources[bucketId] as Resource;
    expect(JSON.stringify(bucket.Properties.BucketEncryption)).toContain(
      '"SSEAlgorithm":"aws:kms"',
    );
  });

  it('runs the tasks in private subnets without public addresses, reachable from the load balancer only', () => {
    const [, service] = only('AWS::ECS::Service');
    const network = (service.Properties.NetworkConfiguration as Json).AwsvpcConfiguration as Json;
    expect(network.AssignPublicIp).toBe('DISABLED');
    const subnetIds = (network.Subnets as Array<{ Ref: string }>).map((s) => s.Ref);
    for (const id of subnetIds) {
      expect(JSON.stringify(resources[id]?.Properties.Tags)).toContain('"Value":"Private"');
    }
    const [groupId] = (network.SecurityGroups as Array<{ 'Fn::GetAtt': [string] }>).map(
      (g) => g['Fn::GetAtt'][0],
    );
    const ingress = ofType('AWS::EC2::SecurityGroupIngress')
      .map(([, rule]) => rule.Properties)
      .filter((rule) => JSON.stringify(rule.GroupId).includes(String(groupId)));
    expect(ingress).toEqual([
      expect.objectContaining({ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080 }),
    ]);
    expect(JSON.stringify(ingress[0]?.SourceSecurityGroupId)).toContain(
      'LoadBalancerSecurityGroup',
    );
  });

  it('gives the API keys and the view key from Secrets Manager under a customer-managed key', () => {
    const secrets = ofType('AWS::SecretsManager::Secret').map(([, s]) => s.Properties);
    expect(secrets).toHaveLength(2);
    for (const secret of secrets)
      expect(secret.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
    const [, task] = only('AWS::ECS::TaskDefinition');
    const [container] = task.Properties.ContainerDefinitions as [Json];
    expect((container.Secrets as Array<{ Name: string }>).map((s) => s.Name).sort()).toEqual([
      'CALLBRIEF_LIVE_API_KEYS',
      'CALLBRIEF_LIVE_VIEW_KEY',
    ]);
    const names = (container.Environment as Array<{ Name: string }>).map((e) => e.Name);
    expect(names).not.toContain('CALLBRIEF_LIVE_API_KEYS');
    expect(names).not.toContain('CALLBRIEF_LIVE_VIEW_KEY');
    expect(container).toMatchObject({ ReadonlyRootFilesystem: true, User: 'node' });
  });

  it('logs to a log group under the logs key with bounded retention', () => {
    const [, task] = only('AWS::ECS::TaskDefinition');
    const [container] = task.Properties.ContainerDefinitions as [Json];
    const options = (container.LogConfiguration as Json).Options as Json;
    const groupId = (options['awslogs-group'] as { Ref: string }).Ref;
    const group = resources[groupId] as Resource;
    expect(group.Properties.KmsKeyId).toBeDefined();
    expect(group.Properties.RetentionInDays).toBe(90);
  });

  it('lets the task role write live segments, view links and the recording, keep call audio in progress, and nothing more', () => {
    const [, task] = only('AWS::ECS::TaskDefinition');
    const roleId = (task.Properties.TaskRoleArn as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(roleId))
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Json[] }).Statement);
    const s3 = statements
      .filter((s) => String([s.Action].flat()[0]).startsWith('s3:'))
      .map((s) => ({
        actions: [s.Action].flat(),
        resources: JSON.stringify(s.Resource),
        condition: JSON.stringify(s.Condition ?? {}),
      }));
    expect(s3.map((s) => s.actions)).toEqual([
      ['s3:PutObject', 's3:PutObjectTagging'],
      ['s3:GetObject'],
      ['s3:PutObject'],
      ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:GetObject', 's3:PutObject'],
      ['s3:ListBucket', 's3:ListBucketVersions'],
    ]);
    expect(s3[0]?.resources).toContain('/cases/*/contacts/*/live/*');
    expect(s3[0]?.resources).toContain('/cases/*/contacts/*/live-views.json');
    expect(s3[1]?.resources).toContain('/cases/*/contacts/*/live/*');
    expect(s3[2]?.resources).toContain('/recordings/live/*');
    // Deleting and listing only the audio of calls in progress (pieces, live/chunks/).
    expect(s3[3]?.resources).toContain('/live-audiohook/*');
    expect(s3[4]?.condition).toContain('live-audiohook/*');
    const actions = statements.flatMap((s) => [s.Action].flat().map(String));
    expect(actions.filter((a) => /\*$/.test(a))).toEqual([]);
    // The provider's API key (config/eusc.json names one) and no other secret.
    expect(actions).toContain('secretsmanager:GetSecretValue');
  });

  it('shows the bridge data flows in the sovereignty report: telephony in, providers, buckets, views out', () => {
    const flows = report.liveBridgeFlows.map((flow) => `${flow.from} -> ${flow.to}`);
    expect(flows).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Genesys Cloud \(AudioHook client\) -> load balancer/),
        expect.stringMatching(
          /-> speechToText provider openai-compatible at api\.eu\.mistral\.ai$/,
        ),
        expect.stringMatching(/-> translation provider openai-compatible at api\.eu\.mistral\.ai$/),
        expect.stringMatching(/-> bucket ResultsBucket\w+: cases\/\*\/contacts\/\*\/live\/\*/),
        expect.stringMatching(/-> bucket RecordingsBucket\w+: recordings\/live\/\*$/),
        expect.stringMatching(
          /-> case worker's and citizen's browsers, through the load balancer$/,
        ),
      ]),
    );
    const [taskId] = only('AWS::ECS::TaskDefinition');
    const carriedBy = (capability: string) =>
      report.dataFlows.filter((f) => f.capability === capability).flatMap((f) => f.configuredIn);
    expect(carriedBy('speechToText')).toContain(taskId);
    expect(carriedBy('translation')).toContain(taskId);
    expect(carriedBy('summarization')).not.toContain(taskId);
  });
});

describe('Construct: LiveBridge (opt-in)', () => {
  it('adds nothing of the bridge without context liveBridge', () => {
    const { stack } = buildApp(TEST_CONTEXT, { outdir: join(outdir, '..', 'live-off') });
    const types = Object.values(Template.fromStack(stack).toJSON().Resources).map(
      (r) => (r as Resource).Type,
    );
    expect(types.filter((t) => /ECS|ElasticLoadBalancing/.test(t))).toEqual([]);
  });

  it('throws an error naming certificateArn when the settings lack it', () => {
    expect(() =>
      buildApp({ ...TEST_CONTEXT, liveBridge: 'true' }, { outdir: join(outdir, '..', 'live-bad') }),
    ).toThrow(ConfigurationError);
    expect(() =>
      buildApp({ ...TEST_CONTEXT, liveBridge: 'true' }, { outdir: join(outdir, '..', 'live-bad') }),
    ).toThrow(/certificateArn/);
  });

  it('refuses a certificate of another partition', () => {
    const settings = { certificateArn: CERTIFICATE.replace('aws-eusc', 'aws') };
    expect(() =>
      buildApp(
        { ...TEST_CONTEXT, liveBridge: 'true', liveBridgeSettings: JSON.stringify(settings) },
        { outdir: join(outdir, '..', 'live-bad') },
      ),
    ).toThrow(/certificateArn: an ACM certificate ARN in aws-eusc/);
  });
});
