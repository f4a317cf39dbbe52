import { ConfigurationError } from './errors';

/**
 * Variables that reroute or weaken a function's outgoing TLS: a proxy set through the
 * environment (Node 24 honours it for fetch and the global agents with NODE_USE_ENV_PROXY)
 * would carry call content through a host the egress guard never saw; the other two switch off
 * or widen certificate checks. Shared by the cold-start check and the synth-time rule.
 */
export const FORBIDDEN_NETWORK_VARIABLES: readonly string[] = [
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'ALL_PROXY',
  'NODE_USE_ENV_PROXY',
  'NODE_TLS_REJECT_UNAUTHORIZED',
  'NODE_EXTRA_CA_CERTS',
];

/** Names of forbidden variables that are set (any case: `https_proxy` counts), sorted. */
export function forbiddenNetworkVariables(
  env: Readonly<Record<string, string | undefined>>,
  forbidden: readonly string[] = FORBIDDEN_NETWORK_VARIABLES,
): string[] {
  const wanted = new Set(forbidden.map((name) => name.toUpperCase()));
  return Object.keys(env)
    .filter((name) => wanted.has(name.toUpperCase()) && env[name] !== undefined)
    .sort();
}

/** Stops a cold start before any message is read when a forbidden variable is set. */
export function assertNoProxyEnvironment(env: Readonly<Record<string, string | undefined>>): void {
  const found = forbiddenNetworkVariables(env);
  if (found.length > 0) {
    throw new ConfigurationError(
      `Refusing to start: ${found.join(', ')} ${found.length === 1 ? 'is' : 'are'} set; proxies and TLS overrides would route or expose call content outside the egress allow-list. Remove ${found.length === 1 ? 'it' : 'them'} from the function's environment.`,
    );
  }
}
