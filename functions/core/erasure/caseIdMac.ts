import { createHmac } from 'node:crypto';

/**
 * The case id as an HMAC-SHA256 (hex) under a key of the app. Receipts and erasure markers name
 * a case only this way: without the key, a case id cannot be recovered from them by trying
 * candidates, as it could from a plain sha256. In AWS the key lives in KMS and never leaves it
 * (adapters/kmsCaseIdMac.ts); locally it is a key file of the runner.
 */
export type CaseIdMac = (caseId: string) => Promise<string>;

/** HMAC-SHA256 with key bytes held in this process (the local runner's key). */
export function localCaseIdMac(key: Uint8Array): CaseIdMac {
  if (key.byteLength < 32) throw new Error('the case id MAC key must be at least 32 bytes');
  return async (caseId) => createHmac('sha256', key).update(caseId, 'utf8').digest('hex');
}

/**
 * Remembers the MACs of the last `size` case ids: every stage asks for one per record, and a
 * case's contacts usually arrive together.
 */
export function cachedCaseIdMac(mac: CaseIdMac, size = 1000): CaseIdMac {
  const cache = new Map<string, Promise<string>>();
  return (caseId) => {
    const known = cache.get(caseId);
    if (known) return known;
    const computed = mac(caseId);
    cache.set(caseId, computed);
    computed.catch(() => cache.delete(caseId));
    if (cache.size > size) cache.delete(cache.keys().next().value as string);
    return computed;
  };
}
