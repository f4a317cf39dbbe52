import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearApiKeyCache } from '../../functions/providers/apiKey';
import {
  ConfigurationError,
  PermanentError,
  ProviderRejectedError,
  TransientError,
} from '../../functions/shared/errors';
import { type FakeServer, sequence, startFakeServer } from './support/fakeServer';
import { httpProviders, TEST_KEY } from './support/providers';

/**
 * Every HTTP provider against a local server speaking its wire format, including the error
 * answers real EU endpoints give: throttling, server errors, garbage, slowness, bad keys.
 */
describe.each(httpProviders)('Provider: $name (transport contract)', (provider) => {
  let server: FakeServer | undefined;
  beforeEach(() => clearApiKeyCache());
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('waits at least Retry-After, then returns the answer, when the server answers 429', async () => {
    // Prepare
    server = await startFakeServer(
      sequence(
        { status: 429, headers: { 'retry-after': '1' }, body: { error: 'rate limited' } },
        (request) => ({ body: provider.success(request) }),
      ),
    );

    // Act
    await provider.run(server.origin);

    // Assess: timers may fire a millisecond early against performance.now(), hence the slack.
    expect(server.requests).toHaveLength(2);
    const waited = (server.requests[1]?.receivedAt ?? 0) - (server.requests[0]?.receivedAt ?? 0);
    expect(waited).toBeGreaterThanOrEqual(995);
    expect(server.requests[0]?.path).toBe(provider.path);
  });

  it('retries and succeeds when the server answers 500 once', async () => {
    server = await startFakeServer(
      sequence({ status: 500, body: { error: 'internal' } }, (request) => ({
        body: provider.success(request),
      })),
    );

    await provider.run(server.origin);

    expect(server.requests).toHaveLength(2);
  });

  it('retries and succeeds when a 200 carries malformed JSON', async () => {
    server = await startFakeServer(
      sequence({ status: 200, body: '{"truncated": ' }, (request) => ({
        body: provider.success(request),
      })),
    );

    await provider.run(server.origin);

    expect(server.requests).toHaveLength(2);
  });

  it('retries and succeeds when the first answer is slower than timeoutMs', async () => {
    server = await startFakeServer(
      sequence(
        (request) => ({ body: provider.success(request), delayMs: 1_500 }),
        (request) => ({
          body: provider.success(request),
        }),
      ),
    );

    await provider.run(server.origin, { timeoutMs: 500 });

    expect(server.requests).toHaveLength(2);
  });

  it('throws TransientError after maxRetries when the server stays slow', async () => {
    server = await startFakeServer(() => ({ body: {}, delayMs: 800 }));

    const error = await provider
      .run(server.origin, { timeoutMs: 150, maxRetries: 1 })
      .catch((e) => e);

    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(/timed out after 150 ms/);
    expect(server.requests).toHaveLength(2);
  });

  it('throws ProviderRejectedError without retrying on 401, naming the key setting but never the key', async () => {
    server = await startFakeServer(() => ({
      status: 401,
      body: { error: `invalid api key ${TEST_KEY}` },
    }));

    const error = await provider.run(server.origin).catch((e) => e);

    expect(error).toBeInstanceOf(ProviderRejectedError);
    expect((error as Error).message).toContain(
      'apiKeyEnv (environment variable CONTRACT_TEST_KEY)',
    );
    expect((error as Error).message).toContain('127.0.0.1');
    expect((error as Error).message).not.toContain(TEST_KEY);
    expect(server.requests).toHaveLength(1);
  });

  it('throws PermanentError without retrying on 400', async () => {
    server = await startFakeServer(() => ({
      status: 400,
      body: { message: 'bad parameter: model', code: 'invalid_model' },
    }));

    const error = await provider.run(server.origin).catch((e) => e);

    expect(error).toBeInstanceOf(PermanentError);
    // The provider's code, never its message: messages may echo the prompt.
    expect((error as Error).message).toMatch(/HTTP 400 \(code invalid_model\)/);
    expect((error as Error).message).not.toContain('bad parameter');
    expect(server.requests).toHaveLength(1);
  });

  it('throws TransientError after maxRetries + 1 attempts when the server keeps answering 503', async () => {
    server = await startFakeServer(() => ({ status: 503, body: 'upstream unavailable' }));

    const error = await provider.run(server.origin, { maxRetries: 2 }).catch((e) => e);

    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(/HTTP 503.*gave up after 3 attempts/);
    expect(server.requests).toHaveLength(3);
  });

  it('sends the key in the documented header', async () => {
    server = await startFakeServer((request) => ({ body: provider.success(request) }));

    await provider.run(server.origin);

    const expected = provider.name.includes('deepl')
      ? `DeepL-Auth-Key ${TEST_KEY}`
      : `Bearer ${TEST_KEY}`;
    expect(server.requests[0]?.headers.authorization).toBe(expected);
  });

  it('refuses the loopback server before any request when allowLoopback is off', async () => {
    server = await startFakeServer((request) => ({ body: provider.success(request) }));

    // The schema would already refuse this config; bypass it to prove the client checks too.
    const error = await provider.run(server.origin, {}, { allowLoopback: false }).catch((e) => e);

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(server.requests).toHaveLength(0);
  });
});
