import { type CfnResource, Stack, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';
import { SOVEREIGN_PARTITION } from '../../config';

/** Stack rule: the stack's region belongs to the sovereign partition (aws-eusc). */
export function RegionInPartition(node: CfnResource): NagRuleResult {
  const { region } = Stack.of(node);
  if (Token.isUnresolved(region)) return NagRuleCompliance.NON_COMPLIANT;
  return RegionInfo.get(region).partition === SOVEREIGN_PARTITION
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}
