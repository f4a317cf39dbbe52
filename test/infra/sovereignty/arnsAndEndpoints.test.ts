import { CfnResource, Fn, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { euscStack, findingsOf, sovereigntyFindings, testApp } from './support';

function fn(scope: Construct, environment: Record<string, string>) {
  return new LambdaFunction(scope, 'Fn', {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: Code.fromInline('export const handler = async () => {};'),
    environment,
  });
}

describe('Rule: NoCommercialArn', () => {
  it('Noncompliance 1: a literal arn:aws: managed policy ARN, named by partition and property', () => {
    // Prepare
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    new CfnResource(stack, 'Role', {
      type: 'AWS::IAM::Role',
      properties: {
        AssumeRolePolicyDocument: { Statement: [] },
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      },
    });

    // Act
    const findings = findingsOf(sovereigntyFindings(app), 'NoCommercialArn');

    // Assess
    expect(findings).toEqual([
      { rule: 'Sovereignty-NoCommercialArn[aws@ManagedPolicyArns]', path: 'Role' },
    ]);
  });

  it('Noncompliance 2: arn:aws-us-gov: and arn:aws-cn: inside Fn::Join parts and Fn::Sub', () => {
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    fn(stack, {
      TARGET: Fn.join('', ['arn:aws-us-gov:s3:::', stack.stackName, '/*']),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub syntax, not a JS template
      OTHER: Fn.sub('arn:aws-cn:sqs:cn-north-1:${AWS::AccountId}:queue'),
    });

    const findings = findingsOf(sovereigntyFindings(app), 'NoCommercialArn');

    expect(findings).toEqual([
      { rule: 'Sovereignty-NoCommercialArn[aws-cn@Environment]', path: 'Fn/Resource' },
      { rule: 'Sovereignty-NoCommercialArn[aws-us-gov@Environment]', path: 'Fn/Resource' },
    ]);
  });

  it('Compliance: ARNs built with Stack.formatArn render arn:aws-eusc:', () => {
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    const role = new Role(stack, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [
          Stack.of(role).formatArn({ service: 's3', region: '', account: '', resource: 'b/*' }),
        ],
      }),
    );

    expect(findingsOf(sovereigntyFindings(app), 'NoCommercialArn')).toEqual([]);
  });
});

describe('Rule: NoCommercialEndpoint', () => {
  it('Noncompliance 1: commercial endpoints in Lambda environment variables, each host named', () => {
    const app = testApp({ failOnFindings: false });
    fn(euscStack(app), {
      S3_ENDPOINT: 'https://s3.eu-central-1.amazonaws.com',
      CONSOLE: 'https://eu-central-1.console.aws.amazon.com/s3',
    });

    const findings = findingsOf(sovereigntyFindings(app), 'NoCommercialEndpoint');

    expect(findings.map((finding) => finding.rule)).toEqual([
      'Sovereignty-NoCommercialEndpoint[eu-central-1.console.aws.amazon.com]',
      'Sovereignty-NoCommercialEndpoint[s3.eu-central-1.amazonaws.com]',
    ]);
  });

  it('Noncompliance 2: an amazonaws.com host in a policy outside Principal.Service', () => {
    const app = testApp({ failOnFindings: false });
    const key = new Key(euscStack(app), 'Key', { enableKeyRotation: true });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('sqs.amazonaws.com')],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:ViaService': 'sqs.eu-west-1.amazonaws.com' } },
      }),
    );

    const findings = findingsOf(sovereigntyFindings(app), 'NoCommercialEndpoint');

    expect(findings).toEqual([
      {
        rule: 'Sovereignty-NoCommercialEndpoint[sqs.eu-west-1.amazonaws.com]',
        path: 'Key/Resource',
      },
    ]);
  });

  it('Compliance: service principals (regional ones too) and amazonaws.eu endpoints', () => {
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    const key = new Key(stack, 'Key', { enableKeyRotation: true });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*'],
        resources: ['*'],
      }),
    );
    const lambda = fn(stack, { S3_ENDPOINT: 'https://s3.eusc-de-east-1.amazonaws.eu' });
    lambda.addPermission('FromS3', { principal: new ServicePrincipal('s3.amazonaws.com') });

    expect(findingsOf(sovereigntyFindings(app), 'NoCommercialEndpoint')).toEqual([]);
  });
});
