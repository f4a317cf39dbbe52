import { describe, expect, it, vi } from 'vitest';
import { handOffOnce } from '../../../functions/core/handOffOnce';
import { HandoffInProgressError } from '../../../functions/shared/errors';
import { MemoryObjectStore } from '../../support/memoryObjectStore';

const options = (store: MemoryObjectStore, now = new Date('2026-11-22T10:00:00Z')) => ({
  store,
  bucket: 'results',
  markerKey: 'cases/c/contacts/k/handoff/ingest.json',
  staleAfterMs: 60_000,
  now: () => now,
});

describe('Function: handOffOnce', () => {
  it('sends once and marks the hand-off sent', async () => {
    const store = new MemoryObjectStore();
    const send = vi.fn(async () => {});
    expect(await handOffOnce(options(store), send)).toBe('sent');
    expect(send).toHaveBeenCalledTimes(1);
    expect(await store.getJson(options(store).bucket, options(store).markerKey)).toMatchObject({
      state: 'sent',
    });
  });

  it('does not send again when a duplicate finds the hand-off sent', async () => {
    const store = new MemoryObjectStore();
    const send = vi.fn(async () => {});
    await handOffOnce(options(store), send);
    expect(await handOffOnce(options(store), send)).toBe('already-sent');
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('asks for a retry when a twin is sending right now', async () => {
    const store = new MemoryObjectStore();
    store.put(
      'results',
      options(store).markerKey,
      JSON.stringify({ state: 'sending', at: '2026-11-22T09:59:50Z' }),
    );
    const send = vi.fn(async () => {});
    await expect(handOffOnce(options(store), send)).rejects.toBeInstanceOf(HandoffInProgressError);
    expect(send).not.toHaveBeenCalled();
  });

  it('sends again when the claimer died before sending (stale marker)', async () => {
    const store = new MemoryObjectStore();
    store.put(
      'results',
      options(store).markerKey,
      JSON.stringify({ state: 'sending', at: '2026-11-22T09:00:00Z' }),
    );
    const send = vi.fn(async () => {});
    expect(await handOffOnce(options(store), send)).toBe('resent-after-stale');
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('leaves the claim unconfirmed when sending fails, so a later retry can resend', async () => {
    const store = new MemoryObjectStore();
    const failing = vi.fn(async () => {
      throw new Error('queue down');
    });
    await expect(handOffOnce(options(store), failing)).rejects.toThrow('queue down');
    const later = options(store, new Date('2026-11-22T10:05:00Z'));
    const send = vi.fn(async () => {});
    expect(await handOffOnce(later, send)).toBe('resent-after-stale');
  });
});
