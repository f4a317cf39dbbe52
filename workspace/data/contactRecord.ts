import { type CaseRollup, caseRollupKey } from '../../functions/core/caseRollup/caseRollupDocument';
import {
  correctedSummaryKey,
  type ReviewRecord,
  reviewKey,
} from '../../functions/core/review/reviewSummary';
import { artifactKey, translationKey } from '../../functions/shared/artifactKeys';
import type {
  CaseSummary,
  ContactRef,
  RecordingInfo,
  Transcript,
  Translation,
} from '../../functions/shared/documents';
import type { ObjectStore } from '../../functions/shared/ports';
import { type LiveViewLinks, liveViewLinksKey } from '../../live/views/liveViewLinks';
import { isRunning } from './runningCalls';

/** Everything the contact page shows, read from the results bucket. */
export interface ContactRecord {
  ref: ContactRef;
  recording?: RecordingInfo;
  transcript?: Transcript;
  translation?: Translation;
  summary?: CaseSummary;
  corrected?: CaseSummary;
  review?: ReviewRecord;
  /** The live views' links while the call is running. */
  live?: LiveViewLinks;
}

export function readCase(
  store: ObjectStore,
  bucket: string,
  caseId: string,
): Promise<CaseRollup | undefined> {
  return store.getJson<CaseRollup>(bucket, caseRollupKey(caseId));
}

export async function readContact(
  store: ObjectStore,
  bucket: string,
  ref: ContactRef,
): Promise<ContactRecord> {
  const [recording, transcript, summary, corrected, review, live] = await Promise.all([
    store.getJson<RecordingInfo>(bucket, artifactKey(ref, 'recording')),
    store.getJson<Transcript>(bucket, artifactKey(ref, 'transcript')),
    store.getJson<CaseSummary>(bucket, artifactKey(ref, 'summary')),
    store.getJson<CaseSummary>(bucket, correctedSummaryKey(ref)),
    store.getJson<ReviewRecord>(bucket, reviewKey(ref)),
    store.getJson<LiveViewLinks>(bucket, liveViewLinksKey(ref)),
  ]);
  // The translation into the case worker's language, when the spoken language differs.
  const target = summary?.languages.case_worker ?? recording?.languages.case_worker;
  const translation =
    target && transcript && target !== transcript.language
      ? await store.getJson<Translation>(bucket, translationKey(ref, target))
      : undefined;
  return {
    ref,
    recording,
    transcript,
    translation,
    summary,
    corrected: review?.decision === 'corrected' ? corrected : undefined,
    review,
    live: isRunning(live, summary !== undefined) ? live : undefined,
  };
}
