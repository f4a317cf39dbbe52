import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';
import { asArray, pick, walkStrings } from '../cfnJson';
import { resolvedResource } from '../resolvedResource';

const AUTO_DELETE_PROVIDER = 'Custom::S3AutoDeleteObjectsCustomResourceProvider';

/** Layers whose CDK helpers fail in aws-eusc or that have no eusc build (ESC-FACTS). */
const BROKEN_LAYERS: readonly [RegExp, string][] = [
  [/:layer:LambdaInsightsExtension/, 'LambdaInsights'],
  [/:580247275435:layer:/, 'LambdaInsights'],
  [/:layer:(aws-otel-|AWSOpenTelemetryDistro)/, 'ADOT'],
  [/:(901920570463|615299751070):layer:/, 'ADOT'],
  [/:layer:AWS-Parameters-and-Secrets-Lambda-Extension/, 'ParametersAndSecrets'],
  [/:133490724326:layer:/, 'ParametersAndSecrets'],
  [/:layer:AWS-AppConfig-Extension/, 'AppConfigExtension'],
];

/**
 * No construct known not to work in aws-eusc: `autoDeleteObjects` (its handler hard-codes
 * `arn:aws:s3:::`), Lambda Insights / ADOT / Parameters-and-Secrets / AppConfig layers, and
 * `SecretRotation` (a Serverless Application Repository app) or hosted rotation Lambdas.
 * Findings name the construct.
 */
export function NoKnownBrokenConstruct(node: CfnResource): NagRuleResult {
  const { type, properties } = resolvedResource(node);
  const findings = new Set<string>();
  if (type === 'Custom::S3AutoDeleteObjects' || node.node.path.includes(AUTO_DELETE_PROVIDER)) {
    findings.add('AutoDeleteObjects');
  }
  if (type === 'AWS::S3::Bucket') {
    const tags = asArray(properties.Tags);
    if (tags.some((tag) => pick(tag, 'Key') === 'aws-cdk:auto-delete-objects')) {
      findings.add('AutoDeleteObjects');
    }
  }
  if (type === 'AWS::Lambda::Function') {
    walkStrings(properties.Layers, (arn) => {
      for (const [pattern, name] of BROKEN_LAYERS) if (pattern.test(arn)) findings.add(name);
    });
  }
  if (type === 'AWS::Serverless::Application') {
    walkStrings(properties.Location, (text) => {
      if (/SecretsManager.*Rotation/i.test(text)) findings.add('SecretRotation');
    });
  }
  if (type === 'AWS::SecretsManager::RotationSchedule' && properties.HostedRotationLambda) {
    findings.add('HostedRotationLambda');
  }
  return findings.size > 0 ? [...findings].sort() : NagRuleCompliance.COMPLIANT;
}
