import { afterEach, describe, expect, it } from 'vitest';
import { buildAllowList } from '../../functions/providers/http/egressGuard';
import { HttpClient, type HttpClientOptions } from '../../functions/providers/http/httpClient';
import {
  ConfigurationError,
  ProviderRejectedError,
  TransientError,
} from '../../functions/shared/errors';
import { type FakeServer, sequence, startFakeServer } from './support/fakeServer';

function client(overrides: Partial<HttpClientOptions> = {}) {
  return new HttpClient({
    provider: 'test-provider',
    allowList: buildAllowList({ setting: 'translation', allowLoopback: true }),
    timeoutMs: 1_000,
    retryBaseDelayMs: 10,
    maxRetryDelayMs: 2_000,
    ...overrides,
  });
}

describe('Class: HttpClient', () => {
  let server: FakeServer;
  afterEach(() => server?.close());

  it('refuses a host outside the allow-list before any request is made', async () => {
    // Prepare: a live server that would answer, reached without allowLoopback.
    server = await startFakeServer(() => ({ body: { ok: true } }));
    const guarded = client({ allowList: buildAllowList({ setting: 'translation' }) });

    // Act
    const error = await guarded
      .post({ url: `${server.baseUrl}/chat/completions`, json: {} })
      .catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain('"127.0.0.1"');
    expect(error.message).toContain('translation.allowLoopback');
    expect(server.requests).toHaveLength(0);
  });

  it('keeps at most maxConcurrency requests in flight', async () => {
    server = await startFakeServer(() => ({ body: { ok: true }, delayMs: 80 }));
    const limited = client({ maxConcurrency: 2 });

    await Promise.all(
      Array.from({ length: 6 }, () => limited.post({ url: server.baseUrl, json: {} })),
    );

    expect(server.requests).toHaveLength(6);
    expect(server.inFlight.max).toBe(2);
  });

  it('returns parsed JSON with latency and attempt count', async () => {
    server = await startFakeServer(
      sequence({ status: 502, body: 'bad gateway' }, { body: { answer: 42 } }),
    );

    const response = await client().post<{ answer: number }>({
      url: server.baseUrl,
      json: { q: 1 },
    });

    expect(response.body).toEqual({ answer: 42 });
    expect(response.attempts).toBe(2);
    expect(response.latencyMs).toBeGreaterThanOrEqual(0);
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('does not follow a redirect, which could lead to a host the guard never saw', async () => {
    server = await startFakeServer(() => ({
      status: 307,
      headers: { location: 'https://api.mistral.ai/v1' },
    }));

    const error = await client()
      .post({ url: server.baseUrl, json: {} })
      .catch((e) => e);

    expect(error).toBeInstanceOf(ProviderRejectedError);
    expect(error.message).toMatch(/redirects are not followed/);
    expect(server.requests).toHaveLength(1);
  });

  it('leaves a Retry-After longer than maxRetryDelayMs to the queue instead of waiting', async () => {
    server = await startFakeServer(() => ({ status: 429, headers: { 'retry-after': '120' } }));
    const started = performance.now();

    const error = await client()
      .post({ url: server.baseUrl, json: {} })
      .catch((e) => e);

    expect(error).toBeInstanceOf(TransientError);
    expect(server.requests).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('honours Retry-After given as an HTTP date on 503', async () => {
    let notBefore = 0;
    server = await startFakeServer(
      sequence(
        () => {
          const header = new Date(Date.now() + 1_500).toUTCString();
          notBefore = Date.parse(header);
          return { status: 503, headers: { 'retry-after': header } };
        },
        () => ({ body: { ok: Date.now() } }),
      ),
    );

    const response = await client().post<{ ok: number }>({ url: server.baseUrl, json: {} });

    expect(response.body.ok).toBeGreaterThanOrEqual(notBefore - 5);
  });

  it('retries network errors and then throws TransientError', async () => {
    server = await startFakeServer(() => ({ body: {} }));
    const url = server.baseUrl;
    await server.close();

    const error = await client({ maxRetries: 1 })
      .post({ url, json: {} })
      .catch((e) => e);

    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toMatch(/network error: .*gave up after 2 attempts/);
  });
});
