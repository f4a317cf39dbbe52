import { describe, expect, it } from 'vitest';
import {
  classifyAwsError,
  classifyStatus,
  fullJitterDelay,
  parseRetryAfter,
} from '../../../../functions/providers/http/retryPolicy';
import {
  ProviderRejectedError,
  TransientError,
  UnsupportedAudioError,
} from '../../../../functions/shared/errors';

describe('Function: classifyStatus', () => {
  it.each([
    [500, 'retryable'],
    [502, 'retryable'],
    [503, 'retryable'],
    [408, 'retryable'],
    [429, 'retryable'],
    [401, 'credentials'],
    [403, 'credentials'],
    [413, 'media'],
    [415, 'media'],
    [400, 'rejected'],
    [404, 'rejected'],
    [422, 'rejected'],
    [302, 'redirect'],
  ])('classifies HTTP %i as %s', (status, expected) => {
    expect(classifyStatus(status)).toBe(expected);
  });
});

describe('Function: fullJitterDelay', () => {
  it('draws between 0 and the doubled base, capped', () => {
    expect(fullJitterDelay(0, 500, 30_000, () => 0)).toBe(0);
    expect(fullJitterDelay(0, 500, 30_000, () => 0.999_999)).toBe(500);
    expect(fullJitterDelay(3, 500, 30_000, () => 0.5)).toBe(2_000);
    expect(fullJitterDelay(10, 500, 30_000, () => 0.999_999)).toBe(30_000);
  });
});

describe('Function: parseRetryAfter', () => {
  const now = Date.parse('2026-11-22T10:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('1', now)).toBe(1_000);
    expect(parseRetryAfter(' 2.5 ', now)).toBe(2_500);
  });

  it('reads an HTTP date, and a past date as no wait', () => {
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:03 GMT', now)).toBe(3_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('Function: classifyAwsError', () => {
  const context = { provider: 'bedrock', target: 'model-x' };
  const named = (name: string, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error(name), { name, ...extra });

  it('treats throttling, timeouts and unknown errors as transient', () => {
    expect(classifyAwsError(named('ThrottlingException'), context)).toBeInstanceOf(TransientError);
    expect(classifyAwsError(named('TimeoutError'), context)).toBeInstanceOf(TransientError);
    expect(classifyAwsError(new Error('socket hang up'), context)).toBeInstanceOf(TransientError);
  });

  it('treats validation, missing resources and access denied as rejected', () => {
    expect(classifyAwsError(named('ValidationException'), context)).toBeInstanceOf(
      ProviderRejectedError,
    );
    expect(classifyAwsError(named('ResourceNotFoundException'), context)).toBeInstanceOf(
      ProviderRejectedError,
    );
    expect(classifyAwsError(named('AccessDeniedException'), context).message).toContain('role');
  });

  it('treats a model container 415 on audio as unsupported audio', () => {
    const error = named('ModelError', { OriginalStatusCode: 415 });
    expect(classifyAwsError(error, { ...context, audio: true })).toBeInstanceOf(
      UnsupportedAudioError,
    );
  });
});
