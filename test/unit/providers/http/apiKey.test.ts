import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  apiKeyResolver,
  clearApiKeyCache,
  describeKeySource,
} from '../../../../functions/providers/apiKey';
import { ConfigurationError, TransientError } from '../../../../functions/shared/errors';
import { jsonBody, type RecordedRequest } from '../../../contract/support/fakeServer';
import {
  type FakeSecretsManager,
  startFakeSecretsManager,
} from '../../../support/fakeSecretsManager';

describe('Function: apiKeyResolver', () => {
  let secrets: FakeSecretsManager;
  beforeEach(async () => {
    clearApiKeyCache();
    secrets = await startFakeSecretsManager({
      'callbrief/deepl': 'dl-key:fx',
      json: '{"apiKey":"json-key"}',
    });
  });
  afterEach(() => secrets.close());

  it('reads the environment variable named by apiKeyEnv', async () => {
    const key = apiKeyResolver({ apiKeyEnv: 'MISTRAL_KEY' }, 'summarization', {
      env: { MISTRAL_KEY: ' k-1 ' },
    });

    await expect(key?.()).resolves.toBe('k-1');
  });

  it('names the missing variable, not a value, when it is unset', async () => {
    const key = apiKeyResolver({ apiKeyEnv: 'MISTRAL_KEY' }, 'summarization', { env: {} });

    await expect(key?.()).rejects.toThrow(ConfigurationError);
    await expect(key?.()).rejects.toThrow(
      'summarization.apiKeyEnv names the environment variable MISTRAL_KEY',
    );
  });

  it('reads the secret once and serves later calls from the cache', async () => {
    const key = apiKeyResolver({ apiKeySecretId: 'callbrief/deepl' }, 'translation', {
      secretsClient: secrets.client(),
    });

    await expect(key?.()).resolves.toBe('dl-key:fx');
    await expect(key?.()).resolves.toBe('dl-key:fx');

    expect(secrets.reads()).toBe(1);
    expect(jsonBody(secrets.server.requests[0] as RecordedRequest)).toEqual({
      SecretId: 'callbrief/deepl',
    });
  });

  it('reads the secret again when asked for a fresh key', async () => {
    const key = apiKeyResolver({ apiKeySecretId: 'callbrief/deepl' }, 'translation', {
      secretsClient: secrets.client(),
    });
    await key?.();
    secrets.secrets.set('callbrief/deepl', 'rotated');

    await expect(key?.()).resolves.toBe('dl-key:fx');
    await expect(key?.({ forceFetch: true })).resolves.toBe('rotated');
    await expect(key?.()).resolves.toBe('rotated');
  });

  it('takes apiKey from a JSON secret', async () => {
    const key = apiKeyResolver({ apiKeySecretId: 'json' }, 'translation', {
      secretsClient: secrets.client(),
    });

    await expect(key?.()).resolves.toBe('json-key');
  });

  it('does not cache a failed read: throttling is transient and the next call tries again', async () => {
    secrets.failNext('ThrottlingException');
    const key = apiKeyResolver({ apiKeySecretId: 'json' }, 'translation', {
      secretsClient: secrets.client(),
    });

    await expect(key?.()).rejects.toThrow(TransientError);
    await expect(key?.()).resolves.toBe('json-key');
  });

  it('turns a missing secret into a configuration error naming the setting', async () => {
    const key = apiKeyResolver({ apiKeySecretId: 'missing' }, 'translation', {
      secretsClient: secrets.client(),
    });

    await expect(key?.()).rejects.toThrow(
      /translation.apiKeySecretId: secret missing cannot be read \(ResourceNotFoundException\)/,
    );
  });

  it('returns no resolver when no key is configured, and refuses both sources at once', () => {
    expect(apiKeyResolver({}, 'translation')).toBeUndefined();
    expect(() => apiKeyResolver({ apiKeyEnv: 'A', apiKeySecretId: 'b' }, 'translation')).toThrow(
      ConfigurationError,
    );
  });

  it('describes the source by name only', () => {
    expect(describeKeySource({ apiKeyEnv: 'DEEPL_KEY' }, 'translation')).toBe(
      'translation.apiKeyEnv (environment variable DEEPL_KEY)',
    );
  });
});
