/**
 * Nonces of accepted signatures until their signature expires, so a captured upgrade request
 * cannot be replayed. Bounded: when full, the oldest entries go first (they expire first too).
 */
export class NonceCache {
  private readonly seen = new Map<string, number>();

  constructor(private readonly maxEntries = 100_000) {}

  /** Records the nonce; false when it was already used by a signature that is still valid. */
  claim(nonce: string, expiresAtSeconds: number, nowSeconds: number): boolean {
    this.evict(nowSeconds);
    const until = this.seen.get(nonce);
    if (until !== undefined && until >= nowSeconds) return false;
    this.seen.set(nonce, expiresAtSeconds);
    while (this.seen.size > this.maxEntries) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
    return true;
  }

  private evict(nowSeconds: number): void {
    for (const [nonce, until] of this.seen) {
      if (until < nowSeconds) this.seen.delete(nonce);
    }
  }
}
