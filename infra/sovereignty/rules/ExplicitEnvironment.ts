import { type CfnResource, Stack, Token } from 'aws-cdk-lib';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';

/**
 * Stack rule: account and region are concrete. An environment-agnostic stack renders
 * `Ref AWS::Region`, and the partition, endpoints and service table can no longer be checked.
 */
export function ExplicitEnvironment(node: CfnResource): NagRuleResult {
  const { account, region } = Stack.of(node);
  return Token.isUnresolved(account) || Token.isUnresolved(region)
    ? NagRuleCompliance.NON_COMPLIANT
    : NagRuleCompliance.COMPLIANT;
}
