import { errorKey } from '../../shared/artifactKeys';
import type { ErrorRecord, RecordingInfo } from '../../shared/documents';
import { SCHEMA_VERSION } from '../../shared/documents';
import type { ObjectStore, ObjectVersion } from '../../shared/ports';
import { type InputIndexEntry, isInputIndexKey, objectErrorInputId } from '../ingest/inputIndex';
import { contactRefOf, sidecarKeys } from '../ingest/recordingMetadata';
import type { Log } from '../stageContext';
import { caseDataPrefixes, liveAudioPrefix } from './caseData';
import type { CaseIdMac } from './caseIdMac';
import type { EraseRequest, ErasureReceipt, SweepCounts } from './eraseRequest';
import { markCaseErased, receiptKeyOf } from './erasureMarker';

export interface ErasureContext {
  store: ObjectStore;
  recordingsBucket: string;
  resultsBucket: string;
  log: Log;
  now: () => Date;
  caseIdMac: CaseIdMac;
  /**
   * Queues a request for later (the erase queue with a delay of at most 900 s, SQS's limit);
   * a second-sweep request that comes too early is queued again for the rest of the wait.
   */
  requeue: (request: EraseRequest, delaySeconds: number) => Promise<void>;
  /** The longest time work of a case may still be in flight after its marker is written. */
  secondSweepDelaySeconds: number;
}

/** SQS holds a message back for at most 15 minutes. */
const MAX_DELAY_SECONDS = 900;

export async function receiptKey(ctx: Pick<ErasureContext, 'caseIdMac'>, request: EraseRequest) {
  return receiptKeyOf(await ctx.caseIdMac(request.case_id), request.request_id);
}

const RECORDING_INFO = /\/contacts\/[^/]+\/recording\.json$/;
const ERROR_RECORD = /^errors\/[^/]+\/cases\//;

/** Every version of exactly `key` (listVersions matches a prefix). */
async function versionsOf(store: ObjectStore, bucket: string, key: string) {
  return (await store.listVersions(bucket, key)).filter((v) => v.key === key);
}

/**
 * The uploads a case consists of, read from what the pipeline filed under the case before
 * anything is deleted: the input index (every object ingest ever attributed to the case,
 * rejected ones included), the recording.json files, and the error records (whose input is
 * the rejected object).
 */
async function inputsOf(
  ctx: ErasureContext,
  resultVersions: ObjectVersion[],
): Promise<Array<{ bucket: string; key: string }>> {
  const inputs = new Map<string, { bucket: string; key: string }>();
  const add = (object: { bucket: string; key: string } | undefined) => {
    if (object) inputs.set(`${object.bucket}/${object.key}`, object);
  };
  const current = new Set(resultVersions.map((v) => v.key));
  for (const key of current) {
    if (isInputIndexKey(key)) {
      const entry = await ctx.store.getJson<InputIndexEntry>(ctx.resultsBucket, key);
      add(entry && { bucket: entry.bucket, key: entry.key });
    } else if (RECORDING_INFO.test(key)) {
      const info = await ctx.store.getJson<RecordingInfo>(ctx.resultsBucket, key);
      add(info?.source);
    } else if (ERROR_RECORD.test(key)) {
      const record = await ctx.store.getJson<ErrorRecord>(ctx.resultsBucket, key);
      add(record && 'key' in record.input ? record.input : undefined);
    }
  }
  return [...inputs.values()];
}

/**
 * One sweep over everything of the case: every version and delete marker under its prefixes in
 * the results bucket (caseData.ts), every version of its uploads and their sidecars in the
 * recordings bucket, the live bridge's audio of a call in progress, and ingest's error records of those uploads from before their case was
 * known. Everything is read before anything is deleted.
 */
async function sweep(ctx: ErasureContext, caseId: string): Promise<SweepCounts> {
  const results: ObjectVersion[] = [];
  for (const prefix of caseDataPrefixes(caseId)) {
    results.push(...(await ctx.store.listVersions(ctx.resultsBucket, prefix)));
  }
  const inputs = await inputsOf(ctx, results);
  // An upload ingested before its metadata arrived was processed once under ids derived from
  // its key (recordingMetadata.ts): that derived case is part of this case too.
  for (const input of inputs) {
    const derived = contactRefOf({}, input).case_id;
    if (derived === caseId) continue;
    for (const prefix of caseDataPrefixes(derived)) {
      results.push(...(await ctx.store.listVersions(ctx.resultsBucket, prefix)));
    }
  }
  const recordings: ObjectVersion[] = await ctx.store.listVersions(
    ctx.recordingsBucket,
    liveAudioPrefix(caseId),
  );
  for (const input of inputs) {
    if (input.bucket === ctx.recordingsBucket) {
      for (const key of [input.key, ...sidecarKeys(input.key)]) {
        recordings.push(...(await versionsOf(ctx.store, ctx.recordingsBucket, key)));
      }
    }
    const early = errorKey('ingest', objectErrorInputId(input));
    results.push(...(await versionsOf(ctx.store, ctx.resultsBucket, early)));
  }
  return {
    recordings_bucket: await ctx.store.deleteVersions(ctx.recordingsBucket, dedupe(recordings)),
    results_bucket: await ctx.store.deleteVersions(ctx.resultsBucket, dedupe(results)),
  };
}

/**
 * Art. 17 erasure of one case, in an order that cannot be undone:
 * 1. the case's erasure marker, so that from now on no stage writes or hands on anything of
 *    the case (erasureGuard.ts);
 * 2. the first sweep;
 * 3. the second sweep queued for after the longest time work of the case may still be in
 *    flight: it removes what an invocation that passed its check just before the marker wrote;
 * 4. only then the receipt.
 * Idempotent per request: a repeated request finds its receipt and deletes nothing more.
 */
export async function eraseCase(
  ctx: ErasureContext,
  request: EraseRequest,
): Promise<ErasureReceipt | undefined> {
  if (request.second_sweep_at) return secondSweep(ctx, request, request.second_sweep_at);
  const caseIdHmac = await ctx.caseIdMac(request.case_id);
  const key = receiptKeyOf(caseIdHmac, request.request_id);
  const earlier = await ctx.store.getJson<ErasureReceipt>(ctx.resultsBucket, key);
  if (earlier) return earlier;

  const erasedAt = ctx.now();
  await markCaseErased(ctx.store, ctx.resultsBucket, {
    case_id_hmac: caseIdHmac,
    request_id: request.request_id,
    erased_at: erasedAt.toISOString(),
  });
  const deleted = await sweep(ctx, request.case_id);
  const due = new Date(ctx.now().getTime() + ctx.secondSweepDelaySeconds * 1000);
  // Queued before the receipt is written: a retry after a crash in between queues it again
  // (a second sweep twice is harmless), while a receipt without its sweep would stop retries.
  await ctx.requeue(
    { ...request, second_sweep_at: due.toISOString() },
    Math.min(ctx.secondSweepDelaySeconds, MAX_DELAY_SECONDS),
  );
  const receipt: ErasureReceipt = {
    schema_version: SCHEMA_VERSION,
    type: 'erasure-receipt',
    case_id_hmac: caseIdHmac,
    request_id: request.request_id,
    requested_by: request.requested_by,
    erased_at: erasedAt.toISOString(),
    deleted,
    second_sweep_due_at: due.toISOString(),
  };
  await ctx.store.putJson(ctx.resultsBucket, key, receipt);
  ctx.log.info('case erased; second sweep queued', {
    requestId: request.request_id,
    secondSweepDueAt: receipt.second_sweep_due_at,
    ...deleted,
  });
  return receipt;
}

async function secondSweep(
  ctx: ErasureContext,
  request: EraseRequest,
  dueAt: string,
): Promise<ErasureReceipt | undefined> {
  const waitSeconds = Math.ceil((Date.parse(dueAt) - ctx.now().getTime()) / 1000);
  if (waitSeconds > 0) {
    await ctx.requeue(request, Math.min(waitSeconds, MAX_DELAY_SECONDS));
    return undefined;
  }
  const key = await receiptKey(ctx, request);
  const receipt = await ctx.store.getJson<ErasureReceipt>(ctx.resultsBucket, key);
  if (receipt?.second_sweep) return receipt;
  const deleted = await sweep(ctx, request.case_id);
  const swept: ErasureReceipt | undefined = receipt && {
    ...receipt,
    second_sweep: { swept_at: ctx.now().toISOString(), deleted },
  };
  if (swept) await ctx.store.putJson(ctx.resultsBucket, key, swept);
  ctx.log.info('case erased: second sweep done', { requestId: request.request_id, ...deleted });
  return swept;
}

function dedupe(versions: ObjectVersion[]): ObjectVersion[] {
  const seen = new Map<string, ObjectVersion>();
  for (const v of versions) seen.set(`${v.key}\u0000${v.versionId ?? ''}`, v);
  return [...seen.values()];
}
