import { type CfnResource, Stack, Token } from 'aws-cdk-lib';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';
import {
  aiEndpointsOf,
  endpointFindings,
  PIPELINE_CONFIG_VARIABLE,
  parsePipelineConfigJson,
} from '../aiEndpoints';
import { pick } from '../cfnJson';
import { resolvedResource } from '../resolvedResource';

/**
 * Every AI endpoint in a function's PIPELINE_CONFIG is on the EU allow-list
 * (functions/providers/euEndpoints.ts), over https, and not loopback; AWS AI providers target
 * a region of aws-eusc. Findings: `<setting>=<host or region>`, e.g.
 * `translation.baseUrl=api.openai.com`; `PIPELINE_CONFIG=unresolved|invalid-json`.
 */
export function EuAiEndpoints(node: CfnResource): NagRuleResult {
  if (node.cfnResourceType !== 'AWS::Lambda::Function') return NagRuleCompliance.NOT_APPLICABLE;
  const { properties } = resolvedResource(node);
  const value = pick(properties, 'Environment', 'Variables', PIPELINE_CONFIG_VARIABLE);
  if (value === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  if (typeof value !== 'string') return [`${PIPELINE_CONFIG_VARIABLE}=unresolved`];
  let config: Record<string, unknown>;
  try {
    config = parsePipelineConfigJson(value);
  } catch {
    return [`${PIPELINE_CONFIG_VARIABLE}=invalid-json`];
  }
  const { region } = Stack.of(node);
  const defaultRegion = Token.isUnresolved(region) ? undefined : region;
  const findings = aiEndpointsOf(config, defaultRegion).flatMap(endpointFindings);
  return findings.length > 0 ? [...new Set(findings)].sort() : NagRuleCompliance.COMPLIANT;
}
