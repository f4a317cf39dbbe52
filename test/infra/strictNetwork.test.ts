import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePipelineConfig } from '../../functions/shared/pipelineConfig';
import { buildApp } from '../../infra/app';
import { REPO_ROOT } from '../../infra/config';
import { interfaceEndpointsFor } from '../../infra/strictNetwork';
import { synthesize, TEST_CONTEXT } from './synthesize';

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };

const STRICT = {
  strictNetwork: true,
  pipelineConfig: 'config/examples/in-partition.json',
  s3PrefixListId: 'pl-0123456789abcdef0',
};

const pipelineOf = (path: string) =>
  parsePipelineConfig(JSON.parse(readFileSync(join(REPO_ROOT, path), 'utf8')));

describe('Stack: Callbrief (strictNetwork, config/examples/in-partition.json)', () => {
  let template: Template;
  let resources: Record<string, Resource>;
  const ofType = (type: string) =>
    Object.entries(resources).filter(([, resource]) => resource.Type === type);

  beforeAll(() => {
    ({ template } = synthesize('strict', STRICT));
    resources = (template.toJSON() as { Resources: Record<string, Resource> }).Resources;
  });

  it('has isolated subnets in two AZs and no NAT or internet gateway', () => {
    expect(ofType('AWS::EC2::NatGateway')).toEqual([]);
    expect(ofType('AWS::EC2::InternetGateway')).toEqual([]);
    expect(ofType('AWS::EC2::VPCGatewayAttachment')).toEqual([]);
    expect(ofType('AWS::EC2::Route')).toEqual([]);
    const subnets = ofType('AWS::EC2::Subnet').map(([, subnet]) => subnet.Properties);
    expect(subnets.map((subnet) => subnet.AvailabilityZone)).toEqual([
      { 'Fn::Select': [0, { 'Fn::GetAZs': 'eusc-de-east-1' }] },
      { 'Fn::Select': [1, { 'Fn::GetAZs': 'eusc-de-east-1' }] },
    ]);
    for (const subnet of subnets) {
      expect(subnet).toMatchObject({
        MapPublicIpOnLaunch: false,
        Tags: expect.arrayContaining([{ Key: 'aws-cdk:subnet-type', Value: 'Isolated' }]),
      });
    }
  });

  it('puts every function in the VPC behind the functions security group', () => {
    const functions = ofType('AWS::Lambda::Function');
    // Five stages, erase, review and reconcile.
    expect(functions).toHaveLength(8);
    const [groupId] = ofType('AWS::EC2::SecurityGroup')
      .filter(([, group]) => String(group.Properties.GroupDescription).includes('functions'))
      .map(([id]) => id);
    for (const [, fn] of functions) {
      expect(fn.Properties.VpcConfig).toEqual({
        SubnetIds: expect.arrayContaining([expect.anything(), expect.anything()]),
        SecurityGroupIds: [{ 'Fn::GetAtt': [groupId, 'GroupId'] }],
      });
    }
  });

  it('lets the functions send HTTPS to the VPC and the S3 prefix list only', () => {
    const groups = ofType('AWS::EC2::SecurityGroup').map(([, group]) => group.Properties);
    expect(groups).toContainEqual(
      expect.objectContaining({
        GroupDescription: 'callbrief functions: HTTPS to the VPC endpoints and S3 only',
        SecurityGroupEgress: [
          expect.objectContaining({
            IpProtocol: 'tcp',
            FromPort: 443,
            ToPort: 443,
            CidrIp: { 'Fn::GetAtt': [expect.any(String), 'CidrBlock'] },
          }),
        ],
      }),
    );
    const egress = ofType('AWS::EC2::SecurityGroupEgress').map(([, rule]) => rule.Properties);
    expect(egress).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        DestinationPrefixListId: 'pl-0123456789abcdef0',
      }),
    ]);
    const ingress = ofType('AWS::EC2::SecurityGroupIngress').map(([, rule]) => rule.Properties);
    expect(ingress).toEqual([
      expect.objectContaining({
        FromPort: 443,
        ToPort: 443,
        SourceSecurityGroupId: expect.anything(),
      }),
    ]);
  });

  it('reaches S3 through a gateway endpoint and the other APIs through eusc interface endpoints', () => {
    const endpoints = ofType('AWS::EC2::VPCEndpoint').map(([, endpoint]) => endpoint.Properties);
    expect(
      endpoints.map((endpoint) => [endpoint.VpcEndpointType, endpoint.ServiceName]).sort(),
    ).toEqual([
      ['Gateway', 'com.amazonaws.eusc-de-east-1.s3'],
      ['Interface', 'com.amazonaws.eusc-de-east-1.bedrock-runtime'],
      ['Interface', 'com.amazonaws.eusc-de-east-1.kms'],
      ['Interface', 'com.amazonaws.eusc-de-east-1.logs'],
      ['Interface', 'com.amazonaws.eusc-de-east-1.sagemaker.runtime'],
      ['Interface', 'com.amazonaws.eusc-de-east-1.sqs'],
    ]);
    for (const endpoint of endpoints.filter((each) => each.VpcEndpointType === 'Interface')) {
      expect(endpoint.PrivateDnsEnabled).toBe(true);
    }
  });

  it('logs all VPC traffic to an encrypted log group with bounded retention', () => {
    const [flowLog] = ofType('AWS::EC2::FlowLog').map(([, each]) => each.Properties);
    expect(flowLog).toMatchObject({ ResourceType: 'VPC', TrafficType: 'ALL' });
    const group = resources[(flowLog?.LogGroupName as { Ref: string } | undefined)?.Ref ?? ''];
    expect(group?.Properties).toMatchObject({ RetentionInDays: 90, KmsKeyId: expect.anything() });
  });
});

describe('Stack: Callbrief (strictNetwork without s3PrefixListId)', () => {
  it('looks the S3 prefix list up by name at synth time', () => {
    // Prepare
    const outdir = join(REPO_ROOT, '.tmp', 'infra-tests', 'strict-lookup');
    const { app } = buildApp({ ...TEST_CONTEXT, ...STRICT, s3PrefixListId: undefined }, { outdir });

    // Act
    const missing = app.synth().manifest.missing ?? [];

    // Assess
    expect(missing.map((entry) => entry.props)).toEqual([
      expect.objectContaining({
        typeName: 'AWS::EC2::PrefixList',
        propertyMatch: { PrefixListName: 'com.amazonaws.eusc-de-east-1.s3' },
      }),
    ]);
  });
});

describe('Stack: Callbrief (default network)', () => {
  it('creates no VPC and looks nothing up', () => {
    const { template } = synthesize('no-strict');
    expect(Object.keys(template.findResources('AWS::EC2::VPC'))).toEqual([]);
    template.allResourcesProperties('AWS::Lambda::Function', { VpcConfig: Match.absent() });
  });
});

describe('Function: loadDeploymentConfig (strictNetwork)', () => {
  it('refuses HTTP providers, naming each setting and what to use instead', () => {
    const build = () =>
      buildApp({ ...TEST_CONTEXT, strictNetwork: 'true', pipelineConfig: 'config/eusc.json' });

    expect(build).toThrow(
      /^\[callbrief:StrictNetwork\] .*config\/eusc\.json selects providers that are reached over the internet: speechToText\.type = "openai-compatible" \(https:\/\/api\.eu\.mistral\.ai\/v1\), translation\.type = "openai-compatible" .*summarization\.type = "openai-compatible" .*"sagemaker".*"bedrock".*proxy endpoint .* inside the VPC/s,
    );
  });

  it('refuses DeepL, which has no baseUrl by default', () => {
    expect(() =>
      buildApp({
        ...TEST_CONTEXT,
        strictNetwork: true,
        pipelineConfig: 'test/infra/sovereignty/fixtures/eu-providers.json',
      }),
    ).toThrow(/translation\.type = "deepl"/);
  });
});

describe('Function: interfaceEndpointsFor', () => {
  const ids = (path: string) => interfaceEndpointsFor(pipelineOf(path)).map(({ id }) => id);

  it('adds SageMaker and Bedrock runtime when the config uses them', () => {
    expect(ids('config/examples/in-partition.json')).toEqual([
      'Sqs',
      'Kms',
      'Logs',
      'SageMakerRuntime',
      'BedrockRuntime',
    ]);
  });

  it('adds Secrets Manager when a provider reads its API key from a secret', () => {
    expect(ids('config/eusc.json')).toEqual(['Sqs', 'Kms', 'Logs', 'SecretsManager']);
  });
});
