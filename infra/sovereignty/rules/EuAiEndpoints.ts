import { type CfnResource, Stack, Token } from 'aws-cdk-lib';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';
import {
  aiEndpointsOf,
  endpointFindings,
  PIPELINE_CONFIG_VARIABLE,
  parsePipelineConfigJson,
} from '../aiEndpoints';
import { carriedPipelineConfig, PIPELINE_CONFIG_TYPES } from '../pipelineConfigOf';
import { resolvedResource } from '../resolvedResource';

/**
 * Every AI endpoint in a function's (or the live bridge task's) PIPELINE_CONFIG is on the EU allow-list
 * (functions/providers/euEndpoints.ts), over https, and not loopback; AWS AI providers target
 * a region of aws-eusc. Findings: `<setting>=<host or region>`, e.g.
 * `translation.baseUrl=api.openai.com`; `PIPELINE_CONFIG=unresolved|invalid-json`.
 */
export function EuAiEndpoints(node: CfnResource): NagRuleResult {
  if (!PIPELINE_CONFIG_TYPES.has(node.cfnResourceType)) return NagRuleCompliance.NOT_APPLICABLE;
  const { properties } = resolvedResource(node);
  const carried = carriedPipelineConfig(node.cfnResourceType, properties);
  if (carried === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  const { value } = carried;
  if (typeof value !== 'string') return [`${PIPELINE_CONFIG_VARIABLE}=unresolved`];
  let config: Record<string, unknown>;
  try {
    config = parsePipelineConfigJson(value);
  } catch {
    return [`${PIPELINE_CONFIG_VARIABLE}=invalid-json`];
  }
  const { region } = Stack.of(node);
  const defaultRegion = Token.isUnresolved(region) ? undefined : region;
  const findings = aiEndpointsOf(config, defaultRegion)
    .filter((endpoint) => carried.capabilities.includes(endpoint.capability))
    .flatMap(endpointFindings);
  return findings.length > 0 ? [...new Set(findings)].sort() : NagRuleCompliance.COMPLIANT;
}
