import { CfnResource, RemovalPolicy } from 'aws-cdk-lib';
import { CfnProject } from 'aws-cdk-lib/aws-codebuild';
import { Code, Function as LambdaFunction, LayerVersion, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { CfnRotationSchedule, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { availabilityOf, EUSC_SERVICES } from '../../../infra/sovereignty/awsServicesInEusc';
import { euscStack, type Finding, findingsOf, sovereigntyFindings, testApp } from './support';

const of = (app: ReturnType<typeof testApp>, rule: string): Finding[] =>
  findingsOf(sovereigntyFindings(app), rule);

describe('Table: awsServicesInEusc', () => {
  it('lists the services ESC-FACTS names as absent as absent', () => {
    const absent = Object.entries(EUSC_SERVICES)
      .filter(([, entry]) => entry.availability === 'absent')
      .map(([namespace]) => namespace)
      .sort();

    expect(absent).toEqual([
      'CloudFront',
      'CodeBuild',
      'CodePipeline',
      'Comprehend',
      'Organizations',
      'Pipes',
      'Textract',
      'Transcribe',
      'Translate',
    ]);
  });

  it('allows custom resources and CDK metadata, and knows nothing of other vendors', () => {
    expect(availabilityOf('Custom::S3BucketNotifications')).toBe('custom');
    expect(availabilityOf('AWS::CDK::Metadata')).toBe('custom');
    expect(availabilityOf('AWS::Lambda::Function')).toBe('available');
    expect(availabilityOf('Datadog::Monitors::Monitor')).toBe('unlisted');
  });
});

describe('Rule: ServiceAvailableInEusc', () => {
  it('Noncompliance 1: CloudFront, CodeBuild and EventBridge Pipes are absent', () => {
    // Prepare
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    new CfnResource(stack, 'Distribution', {
      type: 'AWS::CloudFront::Distribution',
      properties: { DistributionConfig: { Enabled: true } },
    });
    new CfnProject(stack, 'Build', {
      artifacts: { type: 'NO_ARTIFACTS' },
      environment: { computeType: 'BUILD_GENERAL1_SMALL', image: 'x', type: 'LINUX_CONTAINER' },
      serviceRole: 'arn:aws-eusc:iam::123456789012:role/build',
      source: { type: 'NO_SOURCE', buildSpec: '{}' },
    });
    new CfnResource(stack, 'Pipe', { type: 'AWS::Pipes::Pipe', properties: {} });

    // Act & Assess
    expect(of(app, 'ServiceAvailableInEusc')).toEqual([
      { rule: 'Sovereignty-ServiceAvailableInEusc[absent]', path: 'Build' },
      { rule: 'Sovereignty-ServiceAvailableInEusc[absent]', path: 'Distribution' },
      { rule: 'Sovereignty-ServiceAvailableInEusc[absent]', path: 'Pipe' },
    ]);
  });

  it('Noncompliance 2: a service nobody has checked yet is unlisted', () => {
    const app = testApp({ failOnFindings: false });
    new CfnResource(euscStack(app), 'WorkGroup', {
      type: 'AWS::Athena::WorkGroup',
      properties: {},
    });

    expect(of(app, 'ServiceAvailableInEusc')).toEqual([
      { rule: 'Sovereignty-ServiceAvailableInEusc[unlisted]', path: 'WorkGroup' },
    ]);
  });

  it('Compliance: Lambda, SQS, S3 and custom resources', () => {
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    new Queue(stack, 'Queue');
    new Bucket(stack, 'Bucket');
    new CfnResource(stack, 'Custom', {
      type: 'Custom::Anything',
      properties: { ServiceToken: 'x' },
    });

    expect(of(app, 'ServiceAvailableInEusc')).toEqual([]);
  });
});

describe('Rule: NoKnownBrokenConstruct', () => {
  it('Noncompliance 1: autoDeleteObjects (custom resource, its handler and the bucket tag)', () => {
    const app = testApp({ failOnFindings: false });
    new Bucket(euscStack(app), 'Bucket', {
      autoDeleteObjects: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const findings = of(app, 'NoKnownBrokenConstruct');

    expect(new Set(findings.map((finding) => finding.rule))).toEqual(
      new Set(['Sovereignty-NoKnownBrokenConstruct[AutoDeleteObjects]']),
    );
    expect(findings.map((finding) => finding.path)).toEqual(
      expect.arrayContaining([
        'Bucket/Resource',
        'Bucket/AutoDeleteObjectsCustomResource/Default',
        'Custom::S3AutoDeleteObjectsCustomResourceProvider/Handler',
      ]),
    );
  });

  it('Noncompliance 2: Lambda Insights, ADOT and Parameters-and-Secrets layers', () => {
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    const layer = (id: string, arn: string) => LayerVersion.fromLayerVersionArn(stack, id, arn);
    new LambdaFunction(stack, 'Fn', {
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: Code.fromInline('export const handler = async () => {};'),
      layers: [
        layer(
          'Insights',
          'arn:aws-eusc:lambda:eusc-de-east-1:580247275435:layer:LambdaInsightsExtension-Arm64:20',
        ),
        layer(
          'Adot',
          'arn:aws-eusc:lambda:eusc-de-east-1:901920570463:layer:aws-otel-nodejs-arm64-ver-1-30-1:1',
        ),
        layer(
          'Secrets',
          'arn:aws-eusc:lambda:eusc-de-east-1:133490724326:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:12',
        ),
      ],
    });

    expect(of(app, 'NoKnownBrokenConstruct').map((finding) => finding.rule)).toEqual([
      'Sovereignty-NoKnownBrokenConstruct[ADOT]',
      'Sovereignty-NoKnownBrokenConstruct[LambdaInsights]',
      'Sovereignty-NoKnownBrokenConstruct[ParametersAndSecrets]',
    ]);
  });

  it('Noncompliance 3: secret rotation through a SAR application or a hosted rotation Lambda', () => {
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    const secret = new Secret(stack, 'Secret');
    new CfnRotationSchedule(stack, 'Hosted', {
      secretId: secret.secretArn,
      hostedRotationLambda: { rotationType: 'PostgreSQLSingleUser' },
    });
    new CfnResource(stack, 'RotationApp', {
      type: 'AWS::Serverless::Application',
      properties: {
        Location: {
          ApplicationId:
            'arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser',
          SemanticVersion: '1.1.367',
        },
      },
    });

    expect(of(app, 'NoKnownBrokenConstruct')).toEqual([
      { rule: 'Sovereignty-NoKnownBrokenConstruct[HostedRotationLambda]', path: 'Hosted' },
      { rule: 'Sovereignty-NoKnownBrokenConstruct[SecretRotation]', path: 'RotationApp' },
    ]);
  });

  it('Compliance: a function with our own layer and a bucket without autoDeleteObjects', () => {
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    const own = LayerVersion.fromLayerVersionArn(
      stack,
      'Own',
      'arn:aws-eusc:lambda:eusc-de-east-1:123456789012:layer:callbrief-shared:3',
    );
    new LambdaFunction(stack, 'Fn', {
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: Code.fromInline('export const handler = async () => {};'),
      layers: [own],
    });
    new Bucket(stack, 'Bucket', { removalPolicy: RemovalPolicy.RETAIN });

    expect(of(app, 'NoKnownBrokenConstruct')).toEqual([]);
  });
});
