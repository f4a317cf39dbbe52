import { HandoffInProgressError } from '../shared/errors';
import type { ObjectStore } from '../shared/ports';

interface HandoffMarker {
  state: 'sending' | 'sent';
  at: string;
}

export interface HandoffOptions {
  store: ObjectStore;
  bucket: string;
  markerKey: string;
  /** A 'sending' marker older than this belongs to a worker that died before confirming. */
  staleAfterMs: number;
  now: () => Date;
}

export type HandoffResult = 'sent' | 'resent-after-stale' | 'already-sent';

/**
 * Sends the downstream message at most once per artifact, without ever losing it:
 * 1. claim the hand-off with a conditional create of a 'sending' marker (S3 If-None-Match);
 * 2. send; 3. mark 'sent'.
 * A duplicate that finds 'sent' does nothing. One that finds a fresh 'sending' marker is a twin
 * running right now: it is retried later (HandoffInProgressError) and then finds 'sent'.
 * A stale 'sending' marker means the claimer died between claim and send: send again. Only a
 * crash between steps 2 and 3 can repeat a message; downstream stages absorb that by finding
 * their own output, and summary-ready carries a checksum consumers can deduplicate on.
 */
export async function handOffOnce(
  options: HandoffOptions,
  send: () => Promise<void>,
): Promise<HandoffResult> {
  const { store, bucket, markerKey, staleAfterMs, now } = options;
  const claimed = await store.createJsonIfAbsent(bucket, markerKey, {
    state: 'sending',
    at: now().toISOString(),
  } satisfies HandoffMarker);
  let result: HandoffResult = 'sent';
  if (!claimed) {
    const marker = await store.getJson<HandoffMarker>(bucket, markerKey);
    if (marker?.state === 'sent') return 'already-sent';
    const age = marker ? now().getTime() - Date.parse(marker.at) : Number.POSITIVE_INFINITY;
    if (age < staleAfterMs) {
      throw new HandoffInProgressError(`hand-off ${markerKey} is in progress elsewhere`);
    }
    result = 'resent-after-stale';
  }
  await send();
  await store.putJson(bucket, markerKey, {
    state: 'sent',
    at: now().toISOString(),
  } satisfies HandoffMarker);
  return result;
}
