import { ProviderRejectedError, TransientError, UnsupportedAudioError } from '../../shared/errors';

/**
 * What to do with a failed provider call, kept apart from the transport so the same rules
 * serve the HTTP client and the AWS SDK providers.
 */

export type StatusClass = 'retryable' | 'credentials' | 'rejected' | 'media' | 'redirect';

export function classifyStatus(status: number): StatusClass {
  if (status >= 500 || status === 408 || status === 429) return 'retryable';
  if (status === 401 || status === 403) return 'credentials';
  if (status === 413 || status === 415) return 'media';
  if (status >= 300 && status < 400) return 'redirect';
  // 400, 404, 422 and the remaining 4xx: the same request cannot succeed later.
  return 'rejected';
}

/** Full jitter (AWS Architecture Blog): uniform in [0, min(cap, base * 2^n)]. */
export function fullJitterDelay(
  retriesConsumed: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** retriesConsumed);
  return Math.round(random() * ceiling);
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent/invalid. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** A failure worth another attempt; `retryAfterMs` is the server's requested minimum wait. */
export class RetryableCallError extends TransientError {
  readonly retryAfterMs?: number;
  constructor(message: string, options?: ErrorOptions & { retryAfterMs?: number }) {
    super(message, options);
    this.name = 'RetryableCallError';
    this.retryAfterMs = options?.retryAfterMs;
  }
}

interface AwsErrorShape {
  name?: string;
  message?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  /** SageMaker ModelError: the status the model container answered with. */
  OriginalStatusCode?: number;
}

const AWS_REJECTED = new Set([
  'ValidationException',
  'ValidationError',
  'ResourceNotFoundException',
  'AccessDeniedException',
  'UnrecognizedClientException',
]);

/** Maps an AWS SDK error (the SDK has already retried) to the pipeline's error hierarchy. */
export function classifyAwsError(
  error: unknown,
  context: { provider: string; target: string; audio?: boolean },
): Error {
  const aws = (error ?? {}) as AwsErrorShape;
  const name = aws.name ?? 'Error';
  const where = `${context.provider} (${context.target})`;
  if (name === 'AbortError' || name === 'TimeoutError') {
    return new TransientError(`${where} timed out`, { cause: error });
  }
  const original = aws.OriginalStatusCode;
  if (context.audio && (original === 413 || original === 415)) {
    return new UnsupportedAudioError(`${where} refused the audio (model status ${original})`, {
      cause: error,
    });
  }
  if (
    AWS_REJECTED.has(name) ||
    (original !== undefined && classifyStatus(original) !== 'retryable')
  ) {
    const hint =
      name === 'AccessDeniedException' || name === 'UnrecognizedClientException'
        ? '; check the function role may invoke it'
        : '';
    return new ProviderRejectedError(`${where} rejected the request: ${name}${hint}`, {
      cause: error,
    });
  }
  // Not the message: a model error may quote the prompt. The name and request id suffice.
  const requestId = aws.$metadata?.requestId;
  return new TransientError(
    `${where} failed: ${name}${requestId ? ` (request id ${requestId})` : ''}`,
    {
      cause: error,
    },
  );
}

/** First characters of a response body for an error message, on one line. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
