import { setTimeout as sleep } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import pRetry from 'p-retry';
import { ProviderRejectedError, TransientError, UnsupportedAudioError } from '../../shared/errors';
import {
  type ApiKeyDependencies,
  type ApiKeySource,
  apiKeyResolver,
  describeKeySource,
} from '../apiKey';
import type { AllowedHost } from '../euEndpoints';
import { assertAllowedUrl, buildAllowList, type EgressAllowList } from './egressGuard';
import type { MultipartUpload } from './multipartUpload';
import { jsonUpload, type PostAnswer, postStream } from './postStream';
import { describeProviderError } from './providerErrorDetail';
import {
  classifyStatus,
  excerpt,
  fullJitterDelay,
  parseRetryAfter,
  RetryableCallError,
} from './retryPolicy';

/**
 * The one HTTP client behind every HTTP provider: egress guard, timeout, retries with full
 * jitter and Retry-After, a concurrency cap, and error classification. Errors name provider,
 * host, status, the provider's error code and request id: never a response body (a provider
 * may echo the prompt, i.e. call content, into it), the request body or the key.
 */

export interface HttpClientOptions {
  /** Provider type, named in errors, e.g. `deepl`. */
  provider: string;
  allowList: EgressAllowList;
  timeoutMs: number;
  /** @default 4 */
  maxRetries?: number;
  /** @default 4 */
  maxConcurrency?: number;
  /** First backoff ceiling; doubles per retry. @default 500 */
  retryBaseDelayMs?: number;
  /** Cap on any wait, Retry-After included; a longer Retry-After is left to the queue. @default 30000 */
  maxRetryDelayMs?: number;
  /**
   * Secret headers (Authorization), resolved per call; their values are redacted from errors.
   * `forceFetch` asks for the key afresh (after a 401/403: it may have been rotated).
   */
  authHeaders?: (options?: { forceFetch?: boolean }) => Promise<Record<string, string>>;
  /** Where the key comes from, for the message when credentials are refused. */
  credentialHint?: string;
}

export interface HttpRequest<T> {
  url: string;
  json?: unknown;
  /** A multipart body streamed from disk (audio), instead of `json`. */
  upload?: MultipartUpload;
  /** The body is audio: 413/415 then mean UnsupportedAudioError. */
  audio?: boolean;
  /** Checks the parsed body; a throw is retried like malformed JSON (a flaky server, not us). */
  parse?: (body: unknown) => T;
}

export interface HttpResponse<T> {
  body: T;
  status: number;
  /** Wall time from the first attempt to the answer, retries included. */
  latencyMs: number;
  attempts: number;
}

export class HttpClient {
  readonly provider: string;
  readonly #options: Required<Omit<HttpClientOptions, 'authHeaders' | 'credentialHint'>> &
    Pick<HttpClientOptions, 'authHeaders' | 'credentialHint'>;
  readonly #limit: LimitFunction;

  constructor(options: HttpClientOptions) {
    this.provider = options.provider;
    this.#options = {
      maxRetries: 4,
      maxConcurrency: 4,
      retryBaseDelayMs: 500,
      maxRetryDelayMs: 30_000,
      ...options,
    };
    this.#limit = pLimit(this.#options.maxConcurrency);
  }

  /** POSTs JSON or multipart and returns the parsed JSON answer. */
  async post<T = unknown>(request: HttpRequest<T>): Promise<HttpResponse<T>> {
    // Before the limiter and before any attempt: a refused host never sees a byte.
    const url = assertAllowedUrl(request.url, this.#options.allowList);
    const { authHeaders } = this.#options;
    const auth = await authHeaders?.();
    try {
      return await this.#limit(() => this.#withRetries(url, request, auth));
    } catch (error) {
      // A refused key may have been rotated: read it once more, and try again only if it changed.
      if (!(error instanceof CredentialsRefusedError) || !authHeaders) throw error;
      const fresh = await authHeaders({ forceFetch: true });
      if (JSON.stringify(fresh) === JSON.stringify(auth)) throw error;
      return this.#limit(() => this.#withRetries(url, request, fresh));
    }
  }

  async #withRetries<T>(
    url: URL,
    request: HttpRequest<T>,
    auth: Record<string, string> | undefined,
  ): Promise<HttpResponse<T>> {
    const { maxRetries, retryBaseDelayMs, maxRetryDelayMs } = this.#options;
    const headers = { accept: 'application/json', ...auth };
    const secrets = secretValues(headers);
    const started = performance.now();
    let attempts = 0;
    try {
      const answer = await pRetry(
        () => {
          attempts++;
          return this.#attempt(url, request, headers, secrets);
        },
        {
          retries: maxRetries,
          // The wait happens in shouldRetry: p-retry's randomize is not full jitter and knows
          // nothing of Retry-After.
          minTimeout: 0,
          shouldRetry: async ({ error, retriesConsumed }) => {
            if (!(error instanceof RetryableCallError)) return false;
            const backoff = fullJitterDelay(retriesConsumed, retryBaseDelayMs, maxRetryDelayMs);
            const wait = Math.max(backoff, error.retryAfterMs ?? 0);
            if (wait > maxRetryDelayMs) return false;
            await sleep(wait);
            return true;
          },
        },
      );
      return { ...answer, latencyMs: Math.round(performance.now() - started), attempts };
    } catch (error) {
      if (error instanceof RetryableCallError) {
        throw new TransientError(`${error.message} (gave up after ${attempts} attempts)`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  async #attempt<T>(
    url: URL,
    request: HttpRequest<T>,
    headers: Record<string, string>,
    secrets: string[],
  ): Promise<{ body: T; status: number }> {
    const where = `${this.provider} at ${url.host}`;
    const { timeoutMs } = this.#options;
    const signal = AbortSignal.timeout(timeoutMs);
    let answer: PostAnswer;
    try {
      answer = await postStream(url, headers, request.upload ?? jsonUpload(request.json), signal);
    } catch (error) {
      if (signal.aborted) {
        throw new RetryableCallError(`${where} timed out after ${timeoutMs} ms`, { cause: error });
      }
      if (isNetworkError(error)) {
        const reason = error.cause instanceof Error ? error.cause.message : error.message;
        throw new RetryableCallError(`${where} network error: ${reason}`, { cause: error });
      }
      throw error;
    }
    const { status, text } = answer;
    if (status < 200 || status >= 300) {
      throw this.#statusError(where, answer, request, secrets);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // No excerpt: a successful body may hold call content, which must not reach logs.
      throw new RetryableCallError(
        `${where} answered HTTP ${status} with malformed JSON (${text.length} characters)`,
      );
    }
    if (!request.parse) return { body: json as T, status };
    try {
      return { body: request.parse(json), status };
    } catch (error) {
      const reason = error instanceof Error ? excerpt(error.message) : 'invalid';
      throw new RetryableCallError(
        `${where} answered HTTP ${status} with an unexpected shape: ${reason}`,
        {
          cause: error,
        },
      );
    }
  }

  #statusError(
    where: string,
    answer: PostAnswer,
    request: HttpRequest<unknown>,
    secrets: string[],
  ): Error {
    const { status, retryAfter } = answer;
    const identifiers = redact(describeProviderError(answer), secrets);
    const detail = `${where} answered HTTP ${status}${identifiers}`;
    switch (classifyStatus(status)) {
      case 'retryable':
        return new RetryableCallError(detail, {
          retryAfterMs: status === 429 || status === 503 ? parseRetryAfter(retryAfter) : undefined,
        });
      case 'credentials':
        return new CredentialsRefusedError(
          `${where} refused the credentials (HTTP ${status})${identifiers}; check the API key setting ${this.#options.credentialHint ?? '(apiKeyEnv / apiKeySecretId)'}`,
        );
      case 'media':
        return request.audio
          ? new UnsupportedAudioError(detail)
          : new ProviderRejectedError(detail);
      case 'redirect':
        return new ProviderRejectedError(
          `${where} redirected (HTTP ${status}) and redirects are not followed; set baseUrl to the final endpoint`,
        );
      default:
        return new ProviderRejectedError(detail);
    }
  }
}

/** The provider refused the key (401/403): permanent, unless a fresh read of the key helps. */
export class CredentialsRefusedError extends ProviderRejectedError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CredentialsRefusedError';
  }
}

/** Connection refused, reset or DNS failure: undici's TypeError('fetch failed'), node:http's codes. */
function isNetworkError(error: unknown): error is Error {
  if (error instanceof TypeError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(E[A-Z]+|UND_ERR_\w+)$/.test(code);
}

/** Header values and their last word (the bare key after "Bearer"), to scrub from messages. */
function secretValues(headers: Record<string, string>): string[] {
  const values = Object.entries(headers)
    .filter(([name]) => name.toLowerCase() !== 'accept')
    .flatMap(([, value]) => [value, value.split(' ').at(-1) ?? '']);
  return values.filter((value) => value.length >= 8);
}

function redact(text: string, secrets: string[]): string {
  return secrets.reduce((out, secret) => out.replaceAll(secret, '***'), text);
}

/** The transport part of every HTTP provider's config (see providerConfigs.ts). */
export interface HttpProviderSettings extends ApiKeySource {
  timeoutMs: number;
  maxRetries: number;
  maxConcurrency: number;
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  allowLoopback: boolean;
  extraAllowedHosts: readonly AllowedHost[];
}

/** Builds a provider's client from its config; `Bearer <key>` unless `authorization` says otherwise. */
export function httpClientFromConfig(
  config: HttpProviderSettings,
  options: {
    provider: string;
    setting: string;
    authorization?: (key: string) => Record<string, string>;
    apiKey?: ApiKeyDependencies;
  },
): HttpClient {
  const { provider, setting } = options;
  const key = apiKeyResolver(config, setting, options.apiKey);
  const authorization =
    options.authorization ?? ((value) => ({ authorization: `Bearer ${value}` }));
  return new HttpClient({
    ...config,
    provider,
    allowList: buildAllowList({ setting, ...config }),
    authHeaders: key ? async (fetch) => authorization(await key(fetch)) : undefined,
    credentialHint: describeKeySource(config, setting),
  });
}
