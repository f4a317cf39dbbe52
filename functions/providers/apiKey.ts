import { GetParameterError } from '@aws-lambda-powertools/parameters/errors';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigurationError, TransientError } from '../shared/errors';
import { classifyAwsError } from './http/retryPolicy';

/**
 * Resolves a provider's API key from the environment variable named by `apiKeyEnv` or the
 * Secrets Manager secret named by `apiKeySecretId`. Secrets go through Powertools Parameters:
 * cached for `apiKeyMaxAgeSeconds` (a rotation is picked up without a cold start), and read
 * again at once with `forceFetch` when a provider refuses the key (see HttpClient). The key is
 * never logged nor put in an error message.
 */

export interface ApiKeySource {
  apiKeyEnv?: string;
  apiKeySecretId?: string;
  /** @default 300 */
  apiKeyMaxAgeSeconds?: number;
}

export interface ApiKeyDependencies {
  env?: Record<string, string | undefined>;
  /** A Secrets Manager client of your own (tests, the local runner). */
  secretsClient?: SecretsManagerClient;
}

/** Returns the key; `forceFetch` skips the cache, e.g. after the provider answered 401. */
export type ApiKeyGetter = (options?: { forceFetch?: boolean }) => Promise<string>;

const DEFAULT_MAX_AGE_SECONDS = 300;
/** One Powertools provider (and cache) per Secrets Manager client; the default one is lazy. */
const providers = new Map<SecretsManagerClient | 'default', SecretsProvider>();

function secretsProvider(client: SecretsManagerClient | undefined): SecretsProvider {
  const id = client ?? 'default';
  let provider = providers.get(id);
  if (!provider) {
    provider = new SecretsProvider(client ? { awsSdkV3Client: client } : {});
    providers.set(id, provider);
  }
  return provider;
}

/** Human description of where the key comes from, for error messages (names only). */
export function describeKeySource(source: ApiKeySource, setting: string): string {
  if (source.apiKeyEnv) return `${setting}.apiKeyEnv (environment variable ${source.apiKeyEnv})`;
  if (source.apiKeySecretId) return `${setting}.apiKeySecretId (secret ${source.apiKeySecretId})`;
  return `${setting}.apiKeyEnv or ${setting}.apiKeySecretId (none is set)`;
}

/** Returns a key getter, or undefined when the config names no key (e.g. local vLLM). */
export function apiKeyResolver(
  source: ApiKeySource,
  setting: string,
  dependencies: ApiKeyDependencies = {},
): ApiKeyGetter | undefined {
  if (source.apiKeyEnv && source.apiKeySecretId) {
    throw new ConfigurationError(`${setting}: set apiKeyEnv or apiKeySecretId, not both`);
  }
  if (source.apiKeyEnv) {
    const name = source.apiKeyEnv;
    const env = dependencies.env ?? process.env;
    return async () => fromEnv(env, name, setting);
  }
  if (source.apiKeySecretId) {
    const secretId = source.apiKeySecretId;
    const maxAge = source.apiKeyMaxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
    return ({ forceFetch = false } = {}) =>
      fromSecret(secretsProvider(dependencies.secretsClient), secretId, setting, {
        maxAge,
        forceFetch,
      });
  }
  return undefined;
}

/** Forgets cached keys, e.g. between tests. */
export function clearApiKeyCache(): void {
  for (const provider of providers.values()) provider.clearCache();
}

function fromEnv(env: Record<string, string | undefined>, name: string, setting: string): string {
  const value = env[name]?.trim();
  if (!value) {
    throw new ConfigurationError(
      `${setting}.apiKeyEnv names the environment variable ${name}, which is not set or empty`,
    );
  }
  return value;
}

async function fromSecret(
  provider: SecretsProvider,
  secretId: string,
  setting: string,
  options: { maxAge: number; forceFetch: boolean },
): Promise<string> {
  let secret: string | Uint8Array | undefined;
  try {
    secret = await provider.get(secretId, options);
  } catch (error) {
    // Powertools wraps the SDK's error; its cause decides between retry and configuration.
    const cause = error instanceof GetParameterError ? (error.cause ?? error) : error;
    const mapped = classifyAwsError(cause, { provider: 'secretsmanager', target: secretId });
    if (mapped instanceof TransientError) throw mapped;
    throw new ConfigurationError(
      `${setting}.apiKeySecretId: secret ${secretId} cannot be read (${(cause as Error).name}); check it exists and the function role may read it`,
      { cause },
    );
  }
  const raw = typeof secret === 'string' ? secret : new TextDecoder().decode(secret);
  const key = keyFromSecretText(raw.trim());
  if (!key) throw new ConfigurationError(`${setting}.apiKeySecretId: secret ${secretId} is empty`);
  return key;
}

/** A secret holds the bare key, or a JSON object with `apiKey`, `api_key` or `key`. */
function keyFromSecretText(text: string): string | undefined {
  if (!text.startsWith('{')) return text || undefined;
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const value = json.apiKey ?? json.api_key ?? json.key;
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  } catch {
    return text;
  }
}
