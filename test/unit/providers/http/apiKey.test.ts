import type { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  apiKeyResolver,
  clearApiKeyCache,
  describeKeySource,
} from '../../../../functions/providers/apiKey';
import { ConfigurationError, TransientError } from '../../../../functions/shared/errors';

function fakeSecrets(answer: () => Promise<{ SecretString?: string }>) {
  const send = vi.fn(async (_command: GetSecretValueCommand) => answer());
  return { secretsClient: { send } as never, send };
}

describe('Function: apiKeyResolver', () => {
  beforeEach(() => clearApiKeyCache());

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
    const { secretsClient, send } = fakeSecrets(async () => ({ SecretString: 'dl-key:fx' }));
    const key = apiKeyResolver({ apiKeySecretId: 'callbrief/deepl' }, 'translation', {
      secretsClient,
    });

    await expect(key?.()).resolves.toBe('dl-key:fx');
    await expect(key?.()).resolves.toBe('dl-key:fx');

    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0]?.[0].input).toEqual({ SecretId: 'callbrief/deepl' });
  });

  it('takes apiKey from a JSON secret', async () => {
    const { secretsClient } = fakeSecrets(async () => ({ SecretString: '{"apiKey":"json-key"}' }));

    const key = apiKeyResolver({ apiKeySecretId: 'json' }, 'translation', { secretsClient });

    await expect(key?.()).resolves.toBe('json-key');
  });

  it('does not cache a failed read: throttling is transient and the next call tries again', async () => {
    let calls = 0;
    const { secretsClient } = fakeSecrets(async () => {
      calls++;
      if (calls === 1) throw Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
      return { SecretString: 'second-try' };
    });
    const key = apiKeyResolver({ apiKeySecretId: 'flaky' }, 'translation', { secretsClient });

    await expect(key?.()).rejects.toThrow(TransientError);
    await expect(key?.()).resolves.toBe('second-try');
  });

  it('turns a missing secret into a configuration error naming the setting', async () => {
    const { secretsClient } = fakeSecrets(async () => {
      throw Object.assign(new Error('nope'), { name: 'ResourceNotFoundException' });
    });
    const key = apiKeyResolver({ apiKeySecretId: 'missing' }, 'translation', { secretsClient });

    await expect(key?.()).rejects.toThrow(
      /translation.apiKeySecretId: secret missing cannot be read/,
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
