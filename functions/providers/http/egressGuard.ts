import { ConfigurationError } from '../../shared/errors';
import {
  type AllowedHost,
  EU_ALTERNATIVES,
  EU_ENDPOINTS,
  jurisdictionOf,
  LOOPBACK_HOSTS,
} from '../euEndpoints';

/**
 * Egress guard: call content may only leave for allow-listed EU hosts over https.
 * The HTTP client calls `assertAllowedUrl` before every request, so no provider can skip it.
 */

export interface EgressAllowList {
  /** Configuration path of the provider, named in errors, e.g. `translation`. */
  readonly setting: string;
  readonly hosts: ReadonlyMap<string, AllowedHost>;
  readonly allowLoopback: boolean;
}

export interface EgressSettings {
  setting: string;
  allowLoopback?: boolean;
  extraAllowedHosts?: readonly AllowedHost[];
}

export function buildAllowList({
  setting,
  allowLoopback = false,
  extraAllowedHosts = [],
}: EgressSettings): EgressAllowList {
  const hosts = new Map(EU_ENDPOINTS.map((entry) => [entry.host, entry]));
  for (const extra of extraAllowedHosts) {
    // Checked here as well as in the config schema: this is the last line before data leaves.
    const host = extra.host.toLowerCase();
    if (jurisdictionOf(extra.country) === undefined) {
      throw new ConfigurationError(
        `${setting}.extraAllowedHosts: "${host}" is in country "${extra.country}", which is not an EU/EEA member; only EU/EEA endpoints may receive call content`,
      );
    }
    if (LOOPBACK_HOSTS.has(host)) {
      throw new ConfigurationError(
        `${setting}.extraAllowedHosts: "${host}" is a loopback host; set ${setting}.allowLoopback instead`,
      );
    }
    hosts.set(host, { ...extra, host });
  }
  return Object.freeze({ setting, hosts, allowLoopback });
}

/** Returns the parsed URL when egress to it is allowed; throws ConfigurationError otherwise. */
export function assertAllowedUrl(url: string | URL, allowList: EgressAllowList): URL {
  const { setting } = allowList;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new ConfigurationError(`${setting}.baseUrl is not a valid URL`, { cause: error });
  }
  const host = parsed.hostname;
  const loopback = LOOPBACK_HOSTS.has(host);
  if (parsed.username || parsed.password) {
    // Credentials in a URL end up in logs and error messages; keys belong in apiKeyEnv/SecretId.
    throw new ConfigurationError(
      `Egress to "${host}" refused: ${setting}.baseUrl must not contain credentials; use ${setting}.apiKeyEnv or ${setting}.apiKeySecretId`,
    );
  }
  if (loopback) {
    if (!allowList.allowLoopback) {
      throw new ConfigurationError(
        `Egress to "${host}" refused: loopback hosts need ${setting}.allowLoopback = true (local runs and tests only)`,
      );
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new ConfigurationError(
        `Egress to "${host}" refused: scheme "${parsed.protocol}" is not http(s)`,
      );
    }
    return parsed;
  }
  if (!allowList.hosts.has(host)) {
    const alternative = EU_ALTERNATIVES[host];
    const hint = alternative ? ` (use the EU endpoint "${alternative}")` : '';
    throw new ConfigurationError(
      `Egress to "${host}" refused: the host is not on the EU allow-list${hint}. Point ${setting}.baseUrl at an allow-listed EU endpoint, or add the host with its operator and EU/EEA country to ${setting}.extraAllowedHosts`,
    );
  }
  if (parsed.protocol !== 'https:') {
    throw new ConfigurationError(
      `Egress to "${host}" refused: scheme "${parsed.protocol}" is not allowed; ${setting}.baseUrl must use https`,
    );
  }
  return parsed;
}
