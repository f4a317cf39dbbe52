import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';
import { pick } from '../cfnJson';
import { resolvedResource } from '../resolvedResource';

const SETTINGS = [
  'BlockPublicAcls',
  'BlockPublicPolicy',
  'IgnorePublicAcls',
  'RestrictPublicBuckets',
];

/** Every bucket blocks all four kinds of public access. */
export function NoPublicAccess(node: CfnResource): NagRuleResult {
  if (node.cfnResourceType !== 'AWS::S3::Bucket') return NagRuleCompliance.NOT_APPLICABLE;
  const block = pick(resolvedResource(node).properties, 'PublicAccessBlockConfiguration');
  return SETTINGS.every((setting) => pick(block, setting) === true)
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}
