import { setImmediate as yieldToOthers } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import {
  type CaseRollup,
  caseRollupKey,
} from '../../../functions/core/caseRollup/caseRollupDocument';
import {
  type RollupRetry,
  updateCaseRollup,
} from '../../../functions/core/caseRollup/updateCaseRollup';
import { TransientError } from '../../../functions/shared/errors';
import { SchemaViolationError } from '../../../functions/shared/schemaViolation';
import { MemoryObjectStore } from '../../support/memoryObjectStore';
import { BUCKET, CASE_ID, update } from './fixtures';

/**
 * A store whose every call first lets the other writers run, so parallel read-modify-writes
 * interleave the way parallel Lambdas do: all read the same version, one wins, the rest conflict.
 */
class InterleavingStore extends MemoryObjectStore {
  conflicts = 0;
  override async head(bucket: string, key: string) {
    await yieldToOthers();
    return super.head(bucket, key);
  }
  override async getJson<T>(bucket: string, key: string) {
    await yieldToOthers();
    return super.getJson<T>(bucket, key);
  }
  override async createJsonIfAbsent(bucket: string, key: string, document: unknown) {
    await yieldToOthers();
    const created = await super.createJsonIfAbsent(bucket, key, document);
    if (!created) this.conflicts++;
    return created;
  }
  override async putJsonIfMatch(bucket: string, key: string, document: unknown, etag: string) {
    await yieldToOthers();
    const written = await super.putJsonIfMatch(bucket, key, document, etag);
    if (!written) this.conflicts++;
    return written;
  }
}

const now = () => new Date('2026-11-25T14:00:00.000Z');
const retry = (overrides: Partial<RollupRetry> = {}): RollupRetry => ({
  maxAttempts: 20,
  baseDelayMs: 20,
  maxDelayMs: 500,
  random: () => 0.5,
  sleep: () => yieldToOthers(),
  ...overrides,
});
const at = (i: number) => new Date(Date.UTC(2026, 10, 1, 8, (i * 7) % 20)).toISOString();
const step = { action: 'Mietvertrag hochladen', owner: 'citizen' } as const;

describe('Function: updateCaseRollup', () => {
  it('creates case.json with the first contact', async () => {
    // Prepare
    const store = new MemoryObjectStore();

    // Act
    const result = await updateCaseRollup(
      { store, resultsBucket: BUCKET, now },
      CASE_ID,
      update('call-1', at(1), [step]),
      retry(),
    );

    // Assess
    expect(result).toMatchObject({ changed: true, attempts: 1 });
    const stored = await store.getJson<CaseRollup>(BUCKET, caseRollupKey(CASE_ID));
    expect(stored).toEqual(result.rollup);
    expect(stored?.status).toBe('open');
  });

  it('keeps every contact exactly once when 20 writers of one case interleave', async () => {
    // Prepare
    const store = new InterleavingStore();
    const ctx = { store, resultsBucket: BUCKET, now };
    const updates = Array.from({ length: 20 }, (_, i) =>
      update(`call-${String(i + 1).padStart(2, '0')}`, at(i), [step]),
    );

    // Act: all at once, then every one again (a redelivered batch)
    const first = await Promise.all(updates.map((u) => updateCaseRollup(ctx, CASE_ID, u, retry())));
    const again = await Promise.all(updates.map((u) => updateCaseRollup(ctx, CASE_ID, u, retry())));

    // Assess
    const stored = await store.getJson<CaseRollup>(BUCKET, caseRollupKey(CASE_ID));
    const expectedOrder = [...updates]
      .sort((a, b) => a.contact.received_at.localeCompare(b.contact.received_at))
      .map((u) => u.contact.contact_id);
    expect(stored?.contacts.map((c) => c.contact_id)).toEqual(expectedOrder);
    expect(stored?.next_steps).toHaveLength(1);
    expect(stored?.next_steps[0]?.mentioned_in).toEqual(expectedOrder);
    expect(store.conflicts).toBeGreaterThan(0);
    expect(Math.max(...first.map((r) => r.attempts))).toBeGreaterThan(1);
    expect(again.every((r) => !r.changed && r.attempts === 1)).toBe(true);
  });

  it('does not write when the contact is already in case.json as it is', async () => {
    // Prepare
    const store = new MemoryObjectStore();
    const ctx = { store, resultsBucket: BUCKET, now };
    await updateCaseRollup(ctx, CASE_ID, update('call-1', at(1)), retry());
    const putIfMatch = vi.spyOn(store, 'putJsonIfMatch');

    // Act
    const result = await updateCaseRollup(ctx, CASE_ID, update('call-1', at(1)), retry());

    // Assess
    expect(result.changed).toBe(false);
    expect(putIfMatch).not.toHaveBeenCalled();
  });

  it('waits a jittered, capped, growing time between tries and then asks the queue to retry', async () => {
    // Prepare: someone else always wins
    const store = new MemoryObjectStore();
    const ctx = { store, resultsBucket: BUCKET, now };
    await updateCaseRollup(ctx, CASE_ID, update('call-1', at(1)), retry());
    vi.spyOn(store, 'putJsonIfMatch').mockResolvedValue(false);
    const sleep = vi.fn(async (_ms: number) => {});

    // Act
    const attempt = updateCaseRollup(ctx, CASE_ID, update('call-2', at(2)), retry({ sleep }));

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(TransientError);
    const waits = sleep.mock.calls.map(([ms]) => ms);
    expect(waits).toHaveLength(19);
    expect(waits.slice(0, 4)).toEqual([20, 40, 80, 160]);
    expect(Math.max(...waits)).toBe(250);
  });

  it('reads again when case.json is caught half-written (stores without atomic replace)', async () => {
    // Prepare
    const store = new MemoryObjectStore();
    const ctx = { store, resultsBucket: BUCKET, now };
    await updateCaseRollup(ctx, CASE_ID, update('call-1', at(1)), retry());
    const torn = new SyntaxError('Unterminated string in JSON at position 934');
    vi.spyOn(store, 'getJson').mockRejectedValueOnce(torn);

    // Act
    const result = await updateCaseRollup(ctx, CASE_ID, update('call-2', at(2)), retry());

    // Assess
    expect(result).toMatchObject({ changed: true, attempts: 2 });
    expect(result.rollup.contacts).toHaveLength(2);
  });

  it('refuses, permanently, to write a case.json that breaks its schema', async () => {
    // Prepare
    const store = new MemoryObjectStore();
    const broken = update('call-1', 'yesterday');

    // Act
    const attempt = updateCaseRollup(
      { store, resultsBucket: BUCKET, now },
      CASE_ID,
      broken,
      retry(),
    );

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(SchemaViolationError);
    expect(await store.head(BUCKET, caseRollupKey(CASE_ID))).toBeUndefined();
  });
});
