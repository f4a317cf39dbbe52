import { contactPrefix } from '../../shared/artifactKeys';
import type { ErrorRecord, RecordingInfo } from '../../shared/documents';
import type { MessageQueue, ObjectStore } from '../../shared/ports';
import { objectIdOf } from '../ingest/inputIndex';
import { isSidecarKey } from '../ingest/recordingMetadata';
import type { Log } from '../stageContext';
import { type ListedObject, objectCreatedNotification } from './s3Notification';

/** Lists the objects under a prefix; kept out of the ObjectStore port on purpose. */
export type ListKeys = (bucket: string, prefix: string) => Promise<ListedObject[]>;

export interface ReconcileContext {
  store: ObjectStore;
  listKeys: ListKeys;
  log: Log;
}

export interface ReconcileOptions {
  recordingsBucket: string;
  resultsBucket: string;
  recordingsPrefix: string;
  /** Only recordings last modified at least this long ago are considered lost. */
  olderThanMs: number;
  /** At most this many notifications per run, so a large backlog is fed in gradually. */
  maxReenqueue: number;
  now: () => Date;
  ingestQueueUrl: string;
  queue: MessageQueue;
  region?: string;
  /**
   * Also forget the hand-off markers of a re-notified recording's contact, so that a call whose
   * earlier attempt failed (dead-lettered, and the dead letter gone) runs through every stage
   * again instead of stopping at the first 'sent' marker. Needs delete rights on the results
   * bucket's handoff/ keys: the local runner and the on-premises service set it; the Lambda
   * reconciler (read-only on results) does not. @default false
   */
  resetHandoffs?: boolean;
}

export interface ReconcileReport {
  /** Recordings (not sidecars) under the prefix. */
  examined: number;
  /** Recordings that ended in a summary or an error record. */
  terminal: number;
  /** Recordings notified again on the ingest queue. */
  reenqueued: number;
  /** Non-terminal recordings left alone: too young, or over `maxReenqueue`. */
  skipped: number;
  reenqueuedKeys: string[];
}

const SUMMARY = /^cases\/[^/]+\/contacts\/[^/]+\/summary\.json$/;
const RECORDING = /^cases\/[^/]+\/contacts\/[^/]+\/recording\.json$/;
const ERASED_CASE_RECORD = /^errors\/ingest\/erased-cases\/([0-9a-f]+)\.json$/;

/** `cases/<case>/contacts/<contact>/` of an artifact key directly under the contact. */
const contactDir = (key: string) => key.slice(0, key.lastIndexOf('/') + 1);

/**
 * Which recordings reached a terminal state, read from the results bucket once per run:
 * a summary (its contact's recording.json names the source key), or an error record (its input
 * is the recording itself, or it names a contact whose recording.json names the key).
 */
async function terminalRecordingKeys(
  ctx: ReconcileContext,
  options: ReconcileOptions,
): Promise<{ terminal: { has(key: string): boolean }; contactOf: Map<string, string> }> {
  const { store, listKeys } = ctx;
  const { resultsBucket, recordingsBucket } = options;
  const caseKeys = (await listKeys(resultsBucket, 'cases/')).map((o) => o.key);
  const errorKeys = (await listKeys(resultsBucket, 'errors/'))
    .map((o) => o.key)
    .filter((key) => key.endsWith('.json'));

  const terminal = new Set<string>();
  const terminalContacts = new Set<string>();
  // Uploads refused because their case was erased: the record names only the object's id.
  const erased = new Set(
    errorKeys.map((key) => ERASED_CASE_RECORD.exec(key)?.[1]).filter((id) => id !== undefined),
  );
  for (const key of caseKeys) {
    if (SUMMARY.test(key)) terminalContacts.add(contactDir(key));
  }
  for (const key of errorKeys) {
    const record = await store.getJson<ErrorRecord>(resultsBucket, key);
    if (!record) continue;
    if ('key' in record.input && record.input.bucket === recordingsBucket) {
      terminal.add(record.input.key);
    }
    if (record.case_id && record.contact_id) {
      terminalContacts.add(
        contactPrefix({ case_id: record.case_id, contact_id: record.contact_id }),
      );
    }
  }
  const contactOf = new Map<string, string>();
  for (const key of caseKeys) {
    if (!RECORDING.test(key)) continue;
    const done = terminalContacts.has(contactDir(key));
    if (!done && !options.resetHandoffs) continue;
    const info = await store.getJson<RecordingInfo>(resultsBucket, key);
    if (!info || info.source.bucket !== recordingsBucket) continue;
    if (done) terminal.add(info.source.key);
    else contactOf.set(info.source.key, contactDir(key));
  }
  return {
    terminal: {
      has: (key: string) =>
        terminal.has(key) || erased.has(objectIdOf({ bucket: recordingsBucket, key })),
    },
    contactOf,
  };
}

/** Removes every version of the contact's hand-off markers: the next attempt starts afresh. */
async function forgetHandoffs(ctx: ReconcileContext, bucket: string, contact: string) {
  const markers = await ctx.store.listVersions(bucket, `${contact}handoff/`);
  if (markers.length > 0) await ctx.store.deleteVersions(bucket, markers);
}

/**
 * Finds recordings that never reached a terminal state (an S3 event lost, a message dropped)
 * and notifies ingest of them again, as S3 would have. Safe to run at any time and repeatedly:
 * a recording still moving through the pipeline is found by ingest and its hand-off markers,
 * so a duplicate notification causes no second provider call and no second message.
 */
export async function reconcile(
  ctx: ReconcileContext,
  options: ReconcileOptions,
): Promise<ReconcileReport> {
  const recordings = (
    await ctx.listKeys(options.recordingsBucket, options.recordingsPrefix)
  ).filter((o) => !isSidecarKey(o.key) && !o.key.endsWith('/'));
  const { terminal, contactOf } = await terminalRecordingKeys(ctx, options);
  const cutoff = options.now().getTime() - options.olderThanMs;
  const report: ReconcileReport = {
    examined: recordings.length,
    terminal: 0,
    reenqueued: 0,
    skipped: 0,
    reenqueuedKeys: [],
  };
  for (const object of recordings) {
    if (terminal.has(object.key)) {
      report.terminal += 1;
      continue;
    }
    if (object.lastModified.getTime() > cutoff || report.reenqueued >= options.maxReenqueue) {
      report.skipped += 1;
      continue;
    }
    const contact = contactOf.get(object.key);
    if (options.resetHandoffs && contact) {
      await forgetHandoffs(ctx, options.resultsBucket, contact);
    }
    await options.queue.send(
      options.ingestQueueUrl,
      objectCreatedNotification(options.recordingsBucket, object, options.region),
    );
    report.reenqueued += 1;
    report.reenqueuedKeys.push(object.key);
  }
  ctx.log.info('reconciled recordings with results', {
    examined: report.examined,
    terminal: report.terminal,
    reenqueued: report.reenqueued,
    skipped: report.skipped,
  });
  return report;
}
