import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';
import { pick, referencedLogicalIds } from '../cfnJson';
import { logicalIdOf, resolvedResource } from '../resolvedResource';

/**
 * Logs expire: every log group sets RetentionInDays (`NoRetention`), and every Lambda function
 * logs to a log group of the stack (`ImplicitLogGroup`): otherwise Lambda creates
 * `/aws/lambda/<name>` itself, unencrypted by our key and kept forever.
 */
export function BoundedLogRetention(node: CfnResource): NagRuleResult {
  const { type, properties } = resolvedResource(node);
  if (type === 'AWS::Logs::LogGroup') {
    return typeof properties.RetentionInDays === 'number'
      ? NagRuleCompliance.COMPLIANT
      : ['NoRetention'];
  }
  if (type !== 'AWS::Lambda::Function') return NagRuleCompliance.NOT_APPLICABLE;
  if (pick(properties, 'LoggingConfig', 'LogGroup') !== undefined)
    return NagRuleCompliance.COMPLIANT;
  return hasNamedLogGroup(node) ? NagRuleCompliance.COMPLIANT : ['ImplicitLogGroup'];
}

/** The older pattern: a log group (or Custom::LogRetention) named after the function. */
function hasNamedLogGroup(fn: CfnResource): boolean {
  const id = logicalIdOf(fn);
  return Stack.of(fn)
    .node.findAll()
    .some((child) => {
      if (!CfnResource.isCfnResource(child)) return false;
      if (!['AWS::Logs::LogGroup', 'Custom::LogRetention'].includes(child.cfnResourceType)) {
        return false;
      }
      const { properties } = resolvedResource(child);
      const retained =
        child.cfnResourceType === 'Custom::LogRetention' ||
        typeof properties.RetentionInDays === 'number';
      return retained && referencedLogicalIds(properties.LogGroupName).includes(id);
    });
}
