import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { httpbis, type SignatureParameters } from 'http-message-signatures';
import { type Credential, findCredential } from './credentials';
import type { NonceCache } from './nonceCache';

/** What a Genesys AudioHook client signs (protocol specification, "Establishing a connection"). */
export const SIGNED_COMPONENTS = [
  '@request-target',
  '@authority',
  'audiohook-organization-id',
  'audiohook-session-id',
  'audiohook-correlation-id',
  'x-api-key',
] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface UpgradeRequest {
  /** The request target exactly as received (path and query). */
  url: string;
  headers: IncomingHttpHeaders;
}

export interface AuthenticationOptions {
  credentials: readonly Credential[];
  nonces: NonceCache;
  /** Oldest `created` accepted, in seconds. @default 300 */
  maxAgeSeconds?: number;
  /** Clock skew tolerated for `created` in the future, in seconds. @default 30 */
  clockSkewSeconds?: number;
  /** @default Date.now */
  now?: () => number;
}

export type AuthenticationResult =
  | { ok: true; sessionId: string; organizationId: string; correlationId: string; apiKey: string }
  | { ok: false; reason: string };

const single = (value: string | string[] | undefined) =>
  Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;

/**
 * Checks an AudioHook upgrade request before any WebSocket exists: the three session headers,
 * the API key, and, when the key has a client secret, the RFC 9421 HTTP message signature
 * (HMAC-SHA256 keyed with the base64-decoded secret, every AudioHook component covered, keyid =
 * API key, created/expires within bounds, nonce never seen before).
 * The signature base is built and checked by the `http-message-signatures` library.
 */
export async function authenticateUpgrade(
  request: UpgradeRequest,
  options: AuthenticationOptions,
): Promise<AuthenticationResult> {
  const headers = request.headers;
  const organizationId = single(headers['audiohook-organization-id']);
  const sessionId = single(headers['audiohook-session-id']);
  const correlationId = single(headers['audiohook-correlation-id']);
  const apiKey = single(headers['x-api-key']);
  for (const [name, value] of [
    ['organization', organizationId],
    ['session', sessionId],
    ['correlation', correlationId],
  ] as const) {
    if (!value || !UUID.test(value))
      return { ok: false, reason: `missing or malformed ${name} id` };
  }
  if (!apiKey) return { ok: false, reason: 'missing API key' };
  const credential = findCredential(options.credentials, apiKey);
  if (!credential) return { ok: false, reason: 'unknown API key' };
  const ids = {
    sessionId: sessionId as string,
    organizationId: organizationId as string,
    correlationId: correlationId as string,
    apiKey,
  };
  if (!credential.clientSecret) {
    // An integration without a client secret authenticates by the key alone (as Genesys allows).
    return { ok: true, ...ids };
  }
  const verdict = await verifySignature(request, credential, options);
  return verdict === 'ok' ? { ok: true, ...ids } : { ok: false, reason: verdict };
}

async function verifySignature(
  request: UpgradeRequest,
  credential: Credential,
  options: AuthenticationOptions,
): Promise<'ok' | string> {
  const headers = request.headers;
  if (!headers.signature || !headers['signature-input']) return 'missing signature';
  const host = single(headers.host);
  if (!host) return 'missing host';
  const now = Math.floor((options.now ?? Date.now)() / 1000);
  const maxAge = options.maxAgeSeconds ?? 300;
  const skew = options.clockSkewSeconds ?? 30;
  const key = Buffer.from(credential.clientSecret ?? '', 'base64');
  let parameters: SignatureParameters | undefined;
  try {
    const verified = await httpbis.verifyMessage(
      {
        requiredFields: [...SIGNED_COMPONENTS],
        requiredParams: ['keyid', 'nonce', 'created', 'expires'],
        notAfter: now + skew,
        keyLookup: async (params) => {
          if (params.keyid !== credential.apiKey) return null;
          if (params.alg !== undefined && params.alg !== 'hmac-sha256') return null;
          parameters = params;
          return { id: credential.apiKey, algs: ['hmac-sha256'], verify: hmacVerifier(key) };
        },
        // The raw request target as received, not a re-serialised URL.
        componentParser: (name) => (name === '@request-target' ? [request.url] : null),
      },
      {
        method: 'GET',
        url: new URL(request.url, `http://${host}`),
        headers: headers as Record<string, string | string[]>,
      },
    );
    if (verified !== true || !parameters) return 'signature does not verify';
  } catch (error) {
    return `signature rejected (${(error as Error).name})`;
  }
  const created = Number(
    parameters.created instanceof Date ? parameters.created.getTime() / 1000 : parameters.created,
  );
  const expires = Number(parameters.expires);
  if (!Number.isFinite(created) || now - created > maxAge) return 'signature too old';
  if (!Number.isFinite(expires) || expires < now) return 'signature expired';
  const nonce = String(parameters.nonce ?? '');
  if (!nonce) return 'missing nonce';
  if (!options.nonces.claim(nonce, Math.min(expires, created + maxAge), now))
    return 'nonce replayed';
  return 'ok';
}

function hmacVerifier(key: Buffer) {
  return async (data: Buffer, signature: Buffer): Promise<boolean> => {
    const expected = createHmac('sha256', key).update(data).digest();
    return expected.length === signature.length && timingSafeEqual(expected, signature);
  };
}
