import type { PostAnswer } from './postStream';

/**
 * What of a failed provider answer may reach an error message, an error record and the logs:
 * the provider's error code and its request id. Never the body's text: providers echo the
 * prompt (call content, names) into error messages.
 */

/** An identifier, not prose: a code like `context_length_exceeded` or `3051`. */
const IDENTIFIER = /^[A-Za-z0-9_.:-]{1,64}$/;
const REQUEST_ID = /^[A-Za-z0-9_.:/+=-]{1,128}$/;

/** ` (code X, request id Y)`, or '' when the answer carries neither. */
export function describeProviderError(answer: Pick<PostAnswer, 'text' | 'requestId'>): string {
  const code = providerErrorCode(answer.text);
  const requestId =
    answer.requestId && REQUEST_ID.test(answer.requestId) ? answer.requestId : undefined;
  const parts = [
    ...(code ? [`code ${code}`] : []),
    ...(requestId ? [`request id ${requestId}`] : []),
  ];
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** The code field of the usual error shapes (OpenAI/Mistral, DeepL, AWS, RFC 7807 `type`). */
export function providerErrorCode(text: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const body = json as Record<string, unknown>;
  const nested =
    typeof body.error === 'object' && body.error !== null
      ? (body.error as Record<string, unknown>)
      : {};
  const candidates = [nested.code, nested.type, body.code, body.__type, body.type, body.error];
  for (const candidate of candidates) {
    const value = typeof candidate === 'number' ? String(candidate) : candidate;
    if (typeof value === 'string' && IDENTIFIER.test(value)) return value;
  }
  return undefined;
}
