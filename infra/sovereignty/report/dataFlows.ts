import { EU_ENDPOINTS } from '../../../functions/providers/euEndpoints';
import { SOVEREIGN_PARTITION } from '../../config';
import {
  type AiEndpoint,
  aiEndpointsOf,
  DATA_SENT,
  endpointFindings,
  parsePipelineConfigJson,
} from '../aiEndpoints';
import { carriedPipelineConfig } from '../pipelineConfigOf';
import type { StackInput } from './cloudAssembly';
import { partitionOf } from './inventory';
import { REGION_LOCATIONS } from './regions';
import { sortBy, sortedUnique } from './text';

/** Where call content goes when it leaves the stack's own resources. */
export interface DataFlow {
  readonly capability: string;
  readonly provider: string;
  readonly endpointHost: string;
  readonly operator: string;
  readonly country: string;
  readonly jurisdiction: string;
  readonly dataSent: readonly string[];
  /** True when the host is on the reviewed allow-list (or an AWS endpoint in aws-eusc). */
  readonly allowListed: boolean;
  /** Where the operator/country come from: the allow-list, the config, or the region table. */
  readonly source:
    | 'euEndpoints.ts'
    | 'extraAllowedHosts (config)'
    | 'authority host (config)'
    | 'AWS region'
    | 'unknown';
  /** For the authority's own host: how it is reached and why, as the config acknowledges it. */
  readonly acknowledgement?: string;
  /** Functions (and the live bridge's task) whose PIPELINE_CONFIG names this flow (logical ids). */
  readonly configuredIn: readonly string[];
}

/** A capability that runs inside the function and sends nothing out. */
export interface InFunctionProcessing {
  readonly capability: string;
  readonly provider: string;
  readonly configuredIn: readonly string[];
}

export function dataFlows(stacks: readonly StackInput[]): {
  flows: DataFlow[];
  inFunction: InFunctionProcessing[];
} {
  const flows = new Map<string, DataFlow>();
  const inFunction = new Map<string, InFunctionProcessing>();
  for (const stack of stacks) {
    for (const [id, resource] of Object.entries(stack.resources)) {
      const carried = carriedPipelineConfig(resource.Type, resource.Properties ?? {});
      const text = carried?.value;
      if (typeof text !== 'string') continue;
      let config: unknown;
      try {
        config = parsePipelineConfigJson(text);
      } catch {
        continue; // Sovereignty-EuAiEndpoints reports it.
      }
      const endpoints = aiEndpointsOf(config, stack.region).filter((endpoint) =>
        carried?.capabilities.includes(endpoint.capability),
      );
      for (const endpoint of endpoints) {
        if (endpoint.kind === 'in-function') {
          merge(inFunction, `${endpoint.capability}|${endpoint.providerType}`, id, {
            capability: endpoint.capability,
            provider: endpoint.providerType,
            configuredIn: [],
          });
          continue;
        }
        const allowListed = endpointFindings(endpoint).length === 0;
        for (const host of endpoint.hosts) {
          const flow = describe(endpoint, host, allowListed);
          merge(flows, `${flow.capability}|${flow.provider}|${host}`, id, flow);
        }
      }
    }
  }
  return {
    flows: sortBy(flows.values(), (flow) => `${flow.capability}|${flow.endpointHost}`),
    inFunction: sortBy(inFunction.values(), (entry) => entry.capability),
  };
}

function merge<T extends { configuredIn: readonly string[] }>(
  map: Map<string, T>,
  key: string,
  functionId: string,
  value: T,
): void {
  const existing = map.get(key) ?? value;
  map.set(key, { ...existing, configuredIn: sortedUnique([...existing.configuredIn, functionId]) });
}

function describe(endpoint: AiEndpoint, host: string, allowListed: boolean): DataFlow {
  const base = {
    capability: endpoint.capability,
    provider: endpoint.providerType,
    endpointHost: host,
    dataSent: DATA_SENT[endpoint.capability],
    allowListed,
    configuredIn: [],
  };
  if (endpoint.kind === 'aws') {
    const location = endpoint.region ? REGION_LOCATIONS[endpoint.region] : undefined;
    const sovereign = partitionOf(endpoint.region) === SOVEREIGN_PARTITION;
    return {
      ...base,
      operator: sovereign
        ? 'AWS (European Sovereign Cloud partition)'
        : 'AWS (commercial partition)',
      country: location?.country ?? 'unknown',
      jurisdiction: location?.jurisdiction ?? 'unknown',
      source: location ? 'AWS region' : 'unknown',
    };
  }
  const listed = EU_ENDPOINTS.find((entry) => entry.host === host);
  const extra = endpoint.extraAllowedHosts.find((entry) => entry.host.toLowerCase() === host);
  const known = listed ?? extra;
  return {
    ...base,
    operator: known?.operator ?? 'unknown',
    country: known?.country ?? 'unknown',
    jurisdiction: known?.jurisdiction ?? 'unknown',
    source: listed
      ? 'euEndpoints.ts'
      : extra?.authorityHost
        ? 'authority host (config)'
        : extra
          ? 'extraAllowedHosts (config)'
          : 'unknown',
    ...(!listed && extra?.authorityHost
      ? {
          acknowledgement: `over ${extra.authorityHost.privateLink}: ${extra.authorityHost.reason}`,
        }
      : {}),
  };
}
