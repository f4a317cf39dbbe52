import { describe, expect, it } from 'vitest';
import { NO_FAULTS } from '../../local/soak/faults';
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
    expect(result.lateMetadata.failedKeys).toEqual([]);
    // One summary-ready message and one summary.json write per summarized contact; metadata
    // after the wait may add a contact under ids derived from the key.
    const contacts = result.summaries + result.lateMetadata.ingestedWithoutMetadata;
    expect(result.summaryReadyMessages).toBe(contacts);
    expect(result.summaryWrites).toBe(contacts);
    // The seed does inject faults (the mix is random, but not all zero at this size).
    const injected = result.injected;
    expect(injected.provider5xx + injected.provider429 + injected.providerTimeout).toBeGreaterThan(
      0,
    );
  }, 60_000);

  it('processes a recording whose sidecar comes later with the sidecar, within the wait and after it', async () => {
    // Prepare: half the calls get their sidecar late, a quarter after the wait; no other faults.
    const faults = { ...NO_FAULTS, lateMetadata: 0.5, metadataAfterWait: 0.25 };

    // Act
    const result = await runSoak({ calls: 12, seed: 7, faults, sidecarWaitSeconds: 2 });

    // Assess
    const { injected, lateMetadata } = result;
    expect(injected.lateMetadata).toBeGreaterThan(0);
    expect(injected.metadataAfterWait).toBeGreaterThan(0);
    expect(lateMetadata.calls).toBe(injected.lateMetadata + injected.metadataAfterWait);
    // Every late call's summary carries the sidecar's ids and languages.
    expect(lateMetadata.failedKeys).toEqual([]);
    expect(lateMetadata.verified).toBe(lateMetadata.calls);
    // Only metadata after the wait may leave a second contact under key-derived ids.
    expect(lateMetadata.ingestedWithoutMetadata).toBeLessThanOrEqual(injected.metadataAfterWait);
    expect(result.lost).toBe(0);
    expect(result.duplicated).toBe(0);
    expect(result.deadLetters).toBe(0);
    expect(result.summaries).toBe(12);
  }, 60_000);
});
