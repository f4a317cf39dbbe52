import { type CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';
import { SOVEREIGN_PARTITION } from '../../config';

/**
 * Stack rule: `Stack.partition` renders as the literal `aws-eusc`, which needs a concrete region
 * and the feature flag `@aws-cdk/core:enablePartitionLiterals`. With `Ref AWS::Partition` the
 * template cannot be checked for ARNs of the wrong partition before deployment.
 */
export function PartitionLiteral(node: CfnResource): NagRuleResult {
  const stack = Stack.of(node);
  return stack.resolve(stack.partition) === SOVEREIGN_PARTITION
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}
