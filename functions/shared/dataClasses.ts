/**
 * Every object the pipeline writes carries an S3 tag `callbrief:class`, so that the results
 * bucket can keep each class of data for its own retention period (lifecycle rules filter on
 * tags; keys of one contact share a prefix, so prefixes cannot tell the classes apart).
 */
export const DATA_CLASS_TAG = 'callbrief:class';

export type DataClass =
  | 'recording-info'
  | 'transcript'
  | 'unredacted-transcript'
  | 'translation'
  | 'summary'
  | 'error-record'
  | 'handoff'
  | 'erasure-receipt'
  | 'live-segment'
  | 'access-log';

const RULES: Array<[RegExp, DataClass]> = [
  [/^unredacted\//, 'unredacted-transcript'],
  [/^errors\//, 'error-record'],
  [/^erasure-receipts\//, 'erasure-receipt'],
  [/\/handoff\/[^/]+\.json$/, 'handoff'],
  [/\/recording\.json$/, 'recording-info'],
  // The object-to-case index (core/ingest/inputIndex.ts) names uploads as recording.json does.
  [/^cases\/[^/]+\/inputs\/[^/]+\.json$/, 'recording-info'],
  // What the live bridge stored during the call: one file per utterance (live/calls/) and the
  // call's view links (live/views/liveViewLinks.ts).
  [/^cases\/[^/]+\/contacts\/[^/]+\/(live\/[^/]+|live-views)\.json$/, 'live-segment'],
  // Who read which case when (workspace/data/accessLog.ts).
  [/^cases\/[^/]+\/access-log\/[^/]+\.json$/, 'access-log'],
  [/\/transcript\.json$/, 'transcript'],
  [/\/translation\.[a-z]{2,3}\.json$/, 'translation'],
  // Review decisions and corrections are kept as long as the summary they concern.
  [/\/(summary(-draft|\.corrected)?|review)\.json$/, 'summary'],
  // Renderings and the case roll-up are kept as long as the summaries they show.
  [/\/summary\.[a-z]{2,3}\.(md|html)$/, 'summary'],
  [/^cases\/[^/]+\/case(\.[a-z]{2,3}\.(md|html)|\.json)$/, 'summary'],
];

export function dataClassOf(key: string): DataClass | undefined {
  return RULES.find(([pattern]) => pattern.test(key))?.[1];
}

/** The tags to put on an object written under `key`, if it belongs to a class. */
export function dataClassTags(key: string): Record<string, string> | undefined {
  const dataClass = dataClassOf(key);
  return dataClass ? { [DATA_CLASS_TAG]: dataClass } : undefined;
}
