import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';
import { availabilityOf } from '../awsServicesInEusc';

/**
 * The resource's service exists in aws-eusc (table in awsServicesInEusc.ts). Custom resources
 * and CDK metadata are allowed. Findings: `absent` (known to be missing, e.g. Transcribe,
 * CloudFront) or `unlisted` (not yet checked: check, then add it to the table).
 */
export function ServiceAvailableInEusc(node: CfnResource): NagRuleResult {
  const availability = availabilityOf(node.cfnResourceType);
  return availability === 'available' || availability === 'custom'
    ? NagRuleCompliance.COMPLIANT
    : [availability];
}
