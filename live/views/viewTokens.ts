import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Who a live view link is for. */
export type Audience = 'case-worker' | 'citizen';
const CODES: Record<Audience, string> = { 'case-worker': 'w', citizen: 'c' };

/**
 * Per-call view links: `<handle>.<audience>.<mac>`. The handle is 128 random bits naming the
 * call inside this bridge process (no case, contact or caller data), the MAC an HMAC-SHA256 of
 * handle and audience under the bridge's view key, so a link can neither be guessed nor turned
 * from the citizen's into the case worker's.
 */
export class ViewTokens {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('the view key must hold at least 32 bytes');
  }

  static newHandle(): string {
    return randomBytes(16).toString('base64url');
  }

  issue(handle: string, audience: Audience): string {
    return `${handle}.${CODES[audience]}.${this.mac(handle, CODES[audience])}`;
  }

  /** The handle and audience of a genuine token; undefined for anything else. */
  verify(token: string): { handle: string; audience: Audience } | undefined {
    const [handle, code, mac, ...rest] = token.split('.');
    if (!handle || !code || !mac || rest.length > 0 || !/^[A-Za-z0-9_-]{22}$/.test(handle))
      return undefined;
    const audience = (Object.keys(CODES) as Audience[]).find((a) => CODES[a] === code);
    if (!audience) return undefined;
    const expected = Buffer.from(this.mac(handle, code));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return { handle, audience };
  }

  private mac(handle: string, code: string): string {
    return createHmac('sha256', this.key)
      .update(`callbrief-live-view:${handle}.${code}`)
      .digest('base64url');
  }
}
