import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';
import { walkStrings } from '../cfnJson';
import { resolvedResource } from '../resolvedResource';

/** Endpoints of the commercial (and China) partitions, and the commercial console. */
const COMMERCIAL_HOST =
  /[a-z0-9][a-z0-9.-]*\.amazonaws\.com(?:\.cn)?|(?:[a-z0-9-]+\.)*aws\.amazon\.com/gi;

/** Condition keys whose values are service principal names, not endpoints. */
const SERVICE_NAME_CONDITION_KEYS = new Set([
  'aws:PrincipalServiceName',
  'aws:PrincipalServiceNamesList',
]);

/**
 * No `*.amazonaws.com` / `*.aws.amazon.com` host in the properties (Lambda environment variables
 * included): the sovereign partition's endpoints end in `amazonaws.eu`. IAM service principals
 * are exempt, because they render as `<service>.amazonaws.com` in every partition.
 * Findings: the host.
 */
export function NoCommercialEndpoint(node: CfnResource): NagRuleResult {
  const findings = new Set<string>();
  walkStrings(resolvedResource(node).properties, (text, path) => {
    if (isServicePrincipal(node.cfnResourceType, path)) return;
    for (const [host] of text.matchAll(COMMERCIAL_HOST)) findings.add(host.toLowerCase());
  });
  return findings.size > 0 ? [...findings].sort() : NagRuleCompliance.COMPLIANT;
}

function isServicePrincipal(type: string, path: readonly string[]): boolean {
  if (type === 'AWS::Lambda::Permission' && path[0] === 'Principal') return true;
  const principalService = path.some(
    (segment, index) => segment === 'Principal' && path[index + 1] === 'Service',
  );
  const serviceCondition =
    path.includes('Condition') && path.some((segment) => SERVICE_NAME_CONDITION_KEYS.has(segment));
  return principalService || serviceCondition;
}
