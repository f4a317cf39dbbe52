import { RegionInfo } from 'aws-cdk-lib/region-info';
import { type AllowedHost, awsServiceHost } from '../../functions/providers/euEndpoints';
import { assertAllowedUrl, buildAllowList } from '../../functions/providers/http/egressGuard';
import {
  FREE_URL as DEEPL_FREE_URL,
  PRO_URL as DEEPL_PRO_URL,
} from '../../functions/providers/translation/deepl';
import { STAGE_ENV } from '../../functions/shared/stageEnvironment';
import { SOVEREIGN_PARTITION } from '../config';
import { IN_FUNCTION_PROVIDER_TYPES } from '../providerKinds';
import { asArray, isObject, pick } from './cfnJson';

/**
 * The AI endpoints a PIPELINE_CONFIG value sends call content to, read from the raw JSON (not
 * the zod schema: the schema refuses a non-EU host, and the check must still name it).
 */

export const PIPELINE_CONFIG_VARIABLE = STAGE_ENV.pipelineConfig;

export const CAPABILITIES = ['speechToText', 'translation', 'summarization'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** What each capability receives (functions/core: transcribe, translate, summarize stages). */
export const DATA_SENT: Readonly<Record<Capability, readonly string[]>> = Object.freeze({
  speechToText: ['audio'],
  translation: ['transcript text', 'summary text'],
  summarization: ['transcript text'],
});

/** Providers that call an AWS runtime API in a region instead of an HTTP base URL. */
const AWS_SERVICE_HOSTS: Readonly<Record<string, string>> = {
  sagemaker: 'runtime.sagemaker',
  bedrock: 'bedrock-runtime',
};

/**
 * DeepL without a baseUrl picks its host from the key (functions/providers/translation/deepl.ts):
 * ":fx" keys use the free API. Both are on the allow-list.
 */
const DEEPL_DEFAULT_URLS = [DEEPL_PRO_URL, DEEPL_FREE_URL];

export type EndpointKind = 'http' | 'aws' | 'in-function';

export interface AiEndpoint {
  readonly capability: Capability;
  readonly providerType: string;
  readonly kind: EndpointKind;
  /** Config path that names the endpoint, e.g. `translation.baseUrl`. */
  readonly setting: string;
  /** Hosts the provider may call; empty for in-function providers. */
  readonly hosts: readonly string[];
  readonly urls: readonly string[];
  /** For AWS providers: the region the client targets. */
  readonly region?: string;
  /** Hosts the config itself adds to the allow-list (with operator and country). */
  readonly extraAllowedHosts: readonly AllowedHost[];
}

/** Parses a PIPELINE_CONFIG value; throws when it is not a JSON object. */
export function parsePipelineConfigJson(text: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(text);
  if (!isObject(parsed)) throw new Error(`${PIPELINE_CONFIG_VARIABLE} is not a JSON object`);
  return parsed as Record<string, unknown>;
}

/** One endpoint per capability, `defaultRegion` standing in for an unset AWS provider region. */
export function aiEndpointsOf(config: unknown, defaultRegion?: string): AiEndpoint[] {
  return CAPABILITIES.map((capability) => {
    const settings = pick(config, capability);
    const providerType = String(pick(settings, 'type') ?? 'unknown');
    const extraAllowedHosts = asArray(pick(settings, 'extraAllowedHosts')).filter(isAllowedHost);
    const base = { capability, providerType, extraAllowedHosts };
    const awsService = AWS_SERVICE_HOSTS[providerType];
    if (awsService) {
      const configured = pick(settings, 'region');
      const region = typeof configured === 'string' ? configured : defaultRegion;
      const host = awsServiceHost(awsService, region);
      return {
        ...base,
        kind: 'aws',
        setting: `${capability}.region`,
        hosts: host ? [host] : [],
        urls: host ? [`https://${host}`] : [],
        ...(region ? { region } : {}),
      };
    }
    const baseUrl = pick(settings, 'baseUrl');
    if (baseUrl === undefined && IN_FUNCTION_PROVIDER_TYPES.has(providerType)) {
      return { ...base, kind: 'in-function', setting: `${capability}.type`, hosts: [], urls: [] };
    }
    const urls =
      typeof baseUrl === 'string' ? [baseUrl] : providerType === 'deepl' ? DEEPL_DEFAULT_URLS : [];
    return {
      ...base,
      kind: 'http',
      setting: `${capability}.baseUrl`,
      hosts: urls.map(hostOf),
      urls,
    };
  });
}

/** An extraAllowedHosts entry marked as the authority's own host, with a link and a reason. */
export function isAcknowledgedAuthorityHost(entry: AllowedHost): boolean {
  const ack = entry.authorityHost as { privateLink?: unknown; reason?: unknown } | undefined;
  return (
    typeof ack?.privateLink === 'string' &&
    ack.privateLink.trim() !== '' &&
    typeof ack.reason === 'string' &&
    ack.reason.trim().length >= 20
  );
}

function isAllowedHost(value: unknown): value is AllowedHost {
  return isObject(value) && typeof value.host === 'string';
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/**
 * Findings for one endpoint, `<setting>=<host or region>`: HTTP hosts must be on the reviewed
 * EU allow-list (a config's own extraAllowedHosts count only as the authority's own host with a
 * private link and a reason: `authorityHost`), use https, and not be loopback;
 * AWS providers must target a region of the sovereign partition.
 */
export function endpointFindings(endpoint: AiEndpoint): string[] {
  if (endpoint.kind === 'aws') {
    const region = endpoint.region;
    if (region === undefined) return [];
    const partition = RegionInfo.get(region).partition;
    return partition === SOVEREIGN_PARTITION ? [] : [`${endpoint.setting}=${region}`];
  }
  if (endpoint.kind === 'in-function') return [];
  // The authority's own hosts count when the config acknowledges them (privateLink and reason).
  const acknowledged = endpoint.extraAllowedHosts.filter(isAcknowledgedAuthorityHost);
  let allowList: ReturnType<typeof buildAllowList>;
  try {
    allowList = buildAllowList({ setting: endpoint.capability, extraAllowedHosts: acknowledged });
  } catch {
    allowList = buildAllowList({ setting: endpoint.capability });
  }
  const findings = endpoint.urls.flatMap((url) => {
    try {
      assertAllowedUrl(url, allowList);
      return [];
    } catch {
      return [`${endpoint.setting}=${hostOf(url)}`];
    }
  });
  // An unknown provider without a baseUrl: where it sends data cannot be checked.
  return endpoint.urls.length === 0 ? [`${endpoint.setting}=unknown`] : findings;
}
