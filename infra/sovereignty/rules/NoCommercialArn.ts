import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';
import { SOVEREIGN_PARTITION } from '../../config';
import { walkStrings } from '../cfnJson';
import { resolvedResource } from '../resolvedResource';

const LITERAL_ARN = /arn:(aws[a-z-]*):/g;

/**
 * No literal ARN of another partition (`arn:aws:`, `arn:aws-cn:`, `arn:aws-us-gov:`, ...) in the
 * resolved properties, Fn::Join parts included: such an ARN points outside the sovereign cloud
 * or fails to deploy. Findings: `<partition>@<property>`.
 */
export function NoCommercialArn(node: CfnResource): NagRuleResult {
  const findings = new Set<string>();
  walkStrings(resolvedResource(node).properties, (text, path) => {
    for (const [, partition] of text.matchAll(LITERAL_ARN)) {
      if (partition !== SOVEREIGN_PARTITION) findings.add(`${partition}@${path[0]}`);
    }
  });
  return findings.size > 0 ? [...findings].sort() : NagRuleCompliance.COMPLIANT;
}
