import { describe, expect, it } from 'vitest';
import { runSoak } from '../../local/soak/soak';

describe('Integration: soak with seeded faults', () => {
  it('ends every one of 40 calls exactly once despite provider errors, duplicates and crashes', async () => {
    const result = await runSoak({ calls: 40, seed: 20260501, concurrency: 8 });

    expect(result.processed).toBe(40);
    expect(result.lost).toBe(0);
    expect(result.lostKeys).toEqual([]);
    expect(result.duplicated).toBe(0);
    expect(result.terminal).toBe(40);
    expect(result.summaries + result.errorRecords).toBeGreaterThanOrEqual(40);
    expect(result.deadLetters).toBe(0);
    // One summary-ready message and one summary.json write per summarized contact.
    expect(result.summaryReadyMessages).toBe(result.summaries);
    expect(result.summaryWrites).toBe(result.summaries);
    // The seed does inject faults (the mix is random, but not all zero at this size).
    const injected = result.injected;
    expect(injected.provider5xx + injected.provider429 + injected.providerTimeout).toBeGreaterThan(
      0,
    );
  }, 60_000);
});
