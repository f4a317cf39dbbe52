import * as z from 'zod';
import type { DataClass } from '../functions/shared/dataClasses';

/**
 * How long each class of data is kept, in days (context `retentionDays`). Every object the
 * pipeline writes to the results bucket carries the S3 tag `callbrief:class`
 * (functions/shared/dataClasses.ts); the results bucket has one lifecycle rule per class.
 *
 * - `recordings`: call recordings (and their sidecars) in the recordings bucket.
 * - `recordingInfo`: recording.json, which also tells erasure where a contact's recording lies,
 *   so it must live at least as long as `recordings`.
 * - `transcript`, `unredactedTranscript` (only with redaction.keepUnredactedTranscript),
 *   `translation`, `summary`, `errorRecord`, `handoff` (hand-off markers between stages),
 *   `erasureReceipt` (proof of an erasure; holds the case id only as a hash), `liveSegment`
 *   (one utterance of live mode, transcribed and translated during the call, and a call's live
 *   view links), `accessLog` (the workspace's record of who read which case when, without
 *   content; 365 days by default, within BDSG § 76 (4): deleted by the end of the year after).
 *
 * Each value is 1..3650. Overwritten or deleted versions are kept 7 days in both buckets.
 */
export const DEFAULT_RETENTION_DAYS = Object.freeze({
  recordings: 30,
  transcript: 90,
  unredactedTranscript: 7,
  translation: 90,
  summary: 365,
  errorRecord: 30,
  handoff: 30,
  recordingInfo: 365,
  erasureReceipt: 3650,
  liveSegment: 90,
  accessLog: 365,
});

export type DataRetentionDays = { readonly [K in keyof typeof DEFAULT_RETENTION_DAYS]: number };
export type ResultsRetentionKey = Exclude<keyof DataRetentionDays, 'recordings'>;

/** Which retention setting applies to each value of the `callbrief:class` tag. */
export const RETENTION_OF_CLASS: Readonly<Record<DataClass, ResultsRetentionKey>> = Object.freeze({
  'recording-info': 'recordingInfo',
  transcript: 'transcript',
  'unredacted-transcript': 'unredactedTranscript',
  translation: 'translation',
  summary: 'summary',
  'error-record': 'errorRecord',
  handoff: 'handoff',
  'erasure-receipt': 'erasureReceipt',
  'live-segment': 'liveSegment',
  'access-log': 'accessLog',
});

const days = (fallback: number) => z.coerce.number().int().min(1).max(3650).default(fallback);
const d = DEFAULT_RETENTION_DAYS;

export const retentionDaysSchema = z
  .strictObject({
    recordings: days(d.recordings),
    transcript: days(d.transcript),
    unredactedTranscript: days(d.unredactedTranscript),
    translation: days(d.translation),
    summary: days(d.summary),
    errorRecord: days(d.errorRecord),
    handoff: days(d.handoff),
    recordingInfo: days(d.recordingInfo),
    erasureReceipt: days(d.erasureReceipt),
    liveSegment: days(d.liveSegment),
    accessLog: days(d.accessLog),
  })
  .refine((value) => value.recordingInfo >= value.recordings, {
    path: ['recordingInfo'],
    message:
      'must be at least retentionDays.recordings: erasure finds a recording through its recording.json',
  });

/** Days per `callbrief:class` tag value, for the results bucket's lifecycle rules. */
export function resultsRetentionByClass(retention: DataRetentionDays): Record<DataClass, number> {
  return Object.fromEntries(
    Object.entries(RETENTION_OF_CLASS).map(([dataClass, key]) => [dataClass, retention[key]]),
  ) as Record<DataClass, number>;
}
