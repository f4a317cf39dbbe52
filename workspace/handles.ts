import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Opaque handles keep case and contact ids (which may carry a name or a phone number from the
 * telephony key) out of URLs, browser history and proxy logs. A handle is the id encrypted with
 * AES-256-GCM under the server's key; the IV is an HMAC of the plain text, so one id always gets
 * the same handle (stable links, cacheable pages) and no lookup table is needed. A handle can
 * carry an expiry, which turns it into a signed, short-lived token (the local audio route).
 */
export class Handles {
  private readonly encKey: Buffer;
  private readonly ivKey: Buffer;

  constructor(secret: Uint8Array = randomBytes(32)) {
    if (secret.byteLength < 32) throw new Error('the handle secret needs at least 32 bytes');
    const derive = (info: string) =>
      Buffer.from(hkdfSync('sha256', secret, 'callbrief-workspace', info, 32));
    this.encKey = derive('handle-encryption');
    this.ivKey = derive('handle-iv');
  }

  seal(parts: readonly string[]): string {
    const plain = Buffer.from(JSON.stringify(parts), 'utf-8');
    const iv = createHmac('sha256', this.ivKey).update(plain).digest().subarray(0, 12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The parts, or undefined when the handle was not made with this key or was altered. */
  open(handle: string, count: number): string[] | undefined {
    try {
      const bytes = Buffer.from(handle, 'base64url');
      if (bytes.length < 29) return undefined;
      const decipher = createDecipheriv('aes-256-gcm', this.encKey, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      const plain = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]);
      const parts: unknown = JSON.parse(plain.toString('utf-8'));
      if (!Array.isArray(parts) || parts.length !== count) return undefined;
      return parts.every((p) => typeof p === 'string') ? (parts as string[]) : undefined;
    } catch {
      return undefined;
    }
  }

  caseHandle(caseId: string): string {
    return this.seal(['case', caseId]);
  }

  openCase(handle: string): string | undefined {
    const parts = this.open(handle, 2);
    return parts?.[0] === 'case' ? parts[1] : undefined;
  }

  contactHandle(caseId: string, contactId: string): string {
    return this.seal(['contact', caseId, contactId]);
  }

  openContact(handle: string): { case_id: string; contact_id: string } | undefined {
    const parts = this.open(handle, 3);
    if (parts?.[0] !== 'contact' || !parts[1] || !parts[2]) return undefined;
    return { case_id: parts[1], contact_id: parts[2] };
  }

  /** A token that names a thing and expires: the IV then differs per expiry. */
  sealExpiring(parts: readonly string[], expiresAt: Date): string {
    return this.seal([...parts, String(expiresAt.getTime())]);
  }

  openExpiring(token: string, count: number, now: Date): string[] | undefined {
    const parts = this.open(token, count + 1);
    if (!parts) return undefined;
    const expires = Number(parts[count]);
    return Number.isFinite(expires) && expires > now.getTime() ? parts.slice(0, count) : undefined;
  }
}
