import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigurationError, TransientError } from '../shared/errors';
import { classifyAwsError } from './http/retryPolicy';

/**
 * Resolves a provider's API key from the environment variable named by `apiKeyEnv` or the
 * Secrets Manager secret named by `apiKeySecretId`. Read once per process and cached (warm
 * Lambda invocations reuse it). The key is never logged nor put in an error message.
 */

export interface ApiKeySource {
  apiKeyEnv?: string;
  apiKeySecretId?: string;
}

type SecretsClient = Pick<SecretsManagerClient, 'send'>;

export interface ApiKeyDependencies {
  env?: Record<string, string | undefined>;
  secretsClient?: SecretsClient;
}

const cache = new Map<string, Promise<string>>();
let defaultSecretsClient: SecretsClient | undefined;

/** Human description of where the key comes from, for error messages (names only). */
export function describeKeySource(source: ApiKeySource, setting: string): string {
  if (source.apiKeyEnv) return `${setting}.apiKeyEnv (environment variable ${source.apiKeyEnv})`;
  if (source.apiKeySecretId) return `${setting}.apiKeySecretId (secret ${source.apiKeySecretId})`;
  return `${setting}.apiKeyEnv or ${setting}.apiKeySecretId (none is set)`;
}

/** Returns a cached key getter, or undefined when the config names no key (e.g. local vLLM). */
export function apiKeyResolver(
  source: ApiKeySource,
  setting: string,
  dependencies: ApiKeyDependencies = {},
): (() => Promise<string>) | undefined {
  if (source.apiKeyEnv && source.apiKeySecretId) {
    throw new ConfigurationError(`${setting}: set apiKeyEnv or apiKeySecretId, not both`);
  }
  if (source.apiKeyEnv) {
    const name = source.apiKeyEnv;
    const env = dependencies.env ?? process.env;
    return () => cached(`env:${name}`, async () => fromEnv(env, name, setting));
  }
  if (source.apiKeySecretId) {
    const secretId = source.apiKeySecretId;
    return () =>
      cached(`secret:${secretId}`, () => fromSecret(secretId, setting, dependencies.secretsClient));
  }
  return undefined;
}

/** Forgets cached keys, e.g. after a rotation or between tests. */
export function clearApiKeyCache(): void {
  cache.clear();
}

function cached(cacheKey: string, load: () => Promise<string>): Promise<string> {
  let entry = cache.get(cacheKey);
  if (!entry) {
    entry = load();
    cache.set(cacheKey, entry);
    // A failed read is not cached, so the next message can try again.
    entry.catch(() => cache.delete(cacheKey));
  }
  return entry;
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
  secretId: string,
  setting: string,
  injected: SecretsClient | undefined,
): Promise<string> {
  if (!injected) defaultSecretsClient ??= new SecretsManagerClient({});
  const client = injected ?? (defaultSecretsClient as SecretsClient);
  let secret: { SecretString?: string; SecretBinary?: Uint8Array };
  try {
    secret = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  } catch (error) {
    const mapped = classifyAwsError(error, { provider: 'secretsmanager', target: secretId });
    if (mapped instanceof TransientError) throw mapped;
    throw new ConfigurationError(
      `${setting}.apiKeySecretId: secret ${secretId} cannot be read (${(error as Error).name}); check it exists and the function role may read it`,
      { cause: error },
    );
  }
  const raw =
    secret.SecretString ?? new TextDecoder().decode(secret.SecretBinary ?? new Uint8Array());
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
