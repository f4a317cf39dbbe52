import * as schemas from '../../shared/compiledSchemas';
import { validateDocument } from '../../shared/documentValidation';
import { TransientError } from '../../shared/errors';
import type { ObjectStore } from '../../shared/ports';
import { type CaseRollup, caseRollupKey } from './caseRollupDocument';
import { type ContactUpdate, emptyRollup, mergeContact } from './mergeContact';

export interface RollupContext {
  store: ObjectStore;
  resultsBucket: string;
  now: () => Date;
}

/** How long to keep trying when other publishers of the same case win the race. */
export interface RollupRetry {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_ROLLUP_RETRY: Readonly<RollupRetry> = Object.freeze({
  maxAttempts: 20,
  baseDelayMs: 20,
  maxDelayMs: 500,
  random: Math.random,
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
});

export interface RollupResult {
  rollup: CaseRollup;
  /** False when the contact was already in the roll-up as it is (a re-published contact). */
  changed: boolean;
  /** Tries it took; more than one means another publisher of the case wrote in between. */
  attempts: number;
}

/** "Full jitter": a random wait up to an exponentially growing cap, so racing writers spread. */
function backoffMs(retry: RollupRetry, attempt: number): number {
  const cap = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt);
  return Math.floor(retry.random() * cap);
}

/**
 * The current case.json, or undefined to try again: it vanished since the head (erasure), or
 * could not be read. Stores whose replacements are not atomic for readers (the local S3 stand-in
 * rewrites files in place) can hand out a half-written body mid-replacement; a re-read fixes
 * that. A lasting failure ends, after the bounded attempts, as a TransientError with the cause,
 * which is what any unknown error would become.
 */
export async function readSettled<T>(
  store: ObjectStore,
  bucket: string,
  key: string,
  onError: (error: unknown) => void,
): Promise<T | undefined> {
  try {
    return await store.getJson<T>(bucket, key);
  } catch (error) {
    onError(error);
    return undefined;
  }
}

/**
 * Read-modify-write of case.json with S3 conditional writes: the first version is created only
 * if absent (If-None-Match), later ones replace exactly the version that was read (If-Match on
 * its ETag). A writer that loses the race reads again and re-merges. Reading the body after the
 * ETag is safe: a body newer than the ETag makes the conditional write fail, and the loop retries.
 * After `maxAttempts` the message goes back to the queue (TransientError).
 */
export async function updateCaseRollup(
  ctx: RollupContext,
  caseId: string,
  update: ContactUpdate,
  retry: RollupRetry = DEFAULT_ROLLUP_RETRY,
): Promise<RollupResult> {
  const { store, resultsBucket: bucket } = ctx;
  const key = caseRollupKey(caseId);
  let lastError: unknown;
  for (let attempt = 1; attempt <= retry.maxAttempts; attempt++) {
    const head = await store.head(bucket, key);
    if (!head) {
      const rollup = mergeContact(emptyRollup(caseId, ctx.now()), update, ctx.now());
      validateDocument(schemas.caseRollup, rollup);
      if (await store.createJsonIfAbsent(bucket, key, rollup)) {
        return { rollup, changed: true, attempts: attempt };
      }
    } else {
      if (!head.etag) throw new TransientError(`no ETag for ${key}: cannot write it safely`);
      const current = await readSettled<CaseRollup>(store, bucket, key, (error) => {
        lastError = error;
      });
      if (current) {
        const rollup = mergeContact(current, update, ctx.now());
        if (rollup === current) return { rollup, changed: false, attempts: attempt };
        validateDocument(schemas.caseRollup, rollup);
        if (await store.putJsonIfMatch(bucket, key, rollup, head.etag)) {
          return { rollup, changed: true, attempts: attempt };
        }
      }
    }
    if (attempt < retry.maxAttempts) await retry.sleep(backoffMs(retry, attempt));
  }
  throw new TransientError(
    `case roll-up ${key} changed under every one of ${retry.maxAttempts} attempts; retry later`,
    { cause: lastError },
  );
}
