import { describe, expect, it } from 'vitest';
import {
  describeProviderError,
  providerErrorCode,
} from '../../../../functions/providers/http/providerErrorDetail';

describe('Function: providerErrorCode', () => {
  it('returns the code of the usual error shapes', () => {
    expect(providerErrorCode('{"error":{"message":"x","code":"context_length_exceeded"}}')).toBe(
      'context_length_exceeded',
    );
    expect(providerErrorCode('{"message":"Quota","code":3051}')).toBe('3051');
    expect(providerErrorCode('{"__type":"ValidationException","message":"x"}')).toBe(
      'ValidationException',
    );
  });

  it('returns undefined for prose, text bodies and codes with spaces', () => {
    expect(providerErrorCode('{"error":"the caller Wiltrud Quastenberg said"}')).toBeUndefined();
    expect(providerErrorCode('<html>Bad gateway for Quastenberg</html>')).toBeUndefined();
  });
});

describe('Function: describeProviderError', () => {
  it('names code and request id, never the message', () => {
    const text = JSON.stringify({ error: { message: 'echo: Quastenberg', type: 'server_error' } });

    const detail = describeProviderError({ text, requestId: 'req-1' });

    expect(detail).toBe(' (code server_error, request id req-1)');
  });

  it('returns an empty string when there is neither, and ignores a request id with spaces', () => {
    expect(describeProviderError({ text: 'oops', requestId: 'a b' })).toBe('');
  });
});
