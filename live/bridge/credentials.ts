import { timingSafeEqual } from 'node:crypto';

/** One AudioHook integration: its API key and, when configured, its client secret (base64). */
export interface Credential {
  apiKey: string;
  /** Base64 as Genesys shows it; the HMAC key is the decoded bytes. */
  clientSecret?: string;
}

/**
 * Parses `KEY` or `KEY:SECRET` entries, comma separated (flag or environment variable).
 * A secret must be base64 of at least 16 bytes: a shorter one would make the HMAC guessable.
 */
export function parseCredentials(text: string): Credential[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.map((entry) => {
    const [apiKey = '', clientSecret, ...rest] = entry.split(':');
    if (!apiKey || rest.length > 0) throw new Error('an API key entry is KEY or KEY:SECRET');
    if (clientSecret !== undefined) {
      const bytes = Buffer.from(clientSecret, 'base64');
      if (
        bytes.length < 16 ||
        bytes.toString('base64').replace(/=+$/, '') !== clientSecret.replace(/=+$/, '')
      )
        throw new Error('a client secret must be base64 of at least 16 bytes');
    }
    return clientSecret === undefined ? { apiKey } : { apiKey, clientSecret };
  });
}

/** Looks a key up comparing against every configured key in constant time. */
export function findCredential(
  credentials: readonly Credential[],
  apiKey: string,
): Credential | undefined {
  const offered = Buffer.from(apiKey);
  let found: Credential | undefined;
  for (const credential of credentials) {
    const known = Buffer.from(credential.apiKey);
    const same = known.length === offered.length && timingSafeEqual(known, offered);
    if (same) found = credential;
  }
  return found;
}
