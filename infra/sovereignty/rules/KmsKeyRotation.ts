import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';
import { resolvedResource } from '../resolvedResource';

/**
 * Every KMS key rotates its key material. KMS rotates symmetric encryption keys only, so
 * asymmetric and HMAC keys are not applicable.
 */
export function KmsKeyRotation(node: CfnResource): NagRuleResult {
  if (node.cfnResourceType !== 'AWS::KMS::Key') return NagRuleCompliance.NOT_APPLICABLE;
  const { properties } = resolvedResource(node);
  const spec = properties.KeySpec ?? 'SYMMETRIC_DEFAULT';
  if (spec !== 'SYMMETRIC_DEFAULT') return NagRuleCompliance.NOT_APPLICABLE;
  const rotation = properties.EnableKeyRotation;
  return rotation === true || rotation === 'true'
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}
