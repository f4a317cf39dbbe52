import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';
import { forbiddenNetworkVariables } from '../../../functions/shared/proxyEnvironment';
import { isObject, pick } from '../cfnJson';
import { resolvedResource } from '../resolvedResource';

/**
 * No function environment sets a proxy or weakens TLS (HTTP(S)_PROXY, NODE_USE_ENV_PROXY,
 * NODE_TLS_REJECT_UNAUTHORIZED, NODE_EXTRA_CA_CERTS, any case). The functions refuse them at
 * cold start too; this catches them before deployment. Findings name the variables.
 */
export function NoProxyEnvironment(node: CfnResource): NagRuleResult {
  const { type, properties } = resolvedResource(node);
  if (type !== 'AWS::Lambda::Function') return NagRuleCompliance.NOT_APPLICABLE;
  const variables = pick(properties, 'Environment', 'Variables');
  if (!isObject(variables)) return NagRuleCompliance.COMPLIANT;
  const found = forbiddenNetworkVariables(variables as Record<string, string>);
  return found.length > 0 ? found : NagRuleCompliance.COMPLIANT;
}
