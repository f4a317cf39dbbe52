import type { ContactRef, StageName } from './documents';
import { InvalidMetadataError } from './errors';

/**
 * Every artifact key is derived from the case and contact ids alone, so a retried or duplicated
 * message finds the output of its earlier run. Everything of a case lies under `cases/<caseId>/`
 * (and, when kept, its unredacted transcripts under `unredacted/cases/<caseId>/`), which keeps
 * erasure a prefix operation.
 */

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function assertSafeId(field: string, value: string): string {
  if (!SAFE_ID.test(value) || value.includes('..')) {
    throw new InvalidMetadataError(
      `${field} "${value.slice(0, 80)}" is not a safe id: use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
  return value;
}

export function contactPrefix(ref: ContactRef): string {
  return `cases/${ref.case_id}/contacts/${ref.contact_id}/`;
}

export type ArtifactName = 'recording' | 'transcript' | 'summary-draft' | 'summary';

export function artifactKey(ref: ContactRef, name: ArtifactName): string {
  return `${contactPrefix(ref)}${name}.json`;
}

export function translationKey(ref: ContactRef, language: string): string {
  return `${contactPrefix(ref)}translation.${language}.json`;
}

/**
 * The transcript as recognised, before redaction; written only with
 * `redaction.keepUnredactedTranscript`. It lies outside `cases/` so that no reader of the results
 * finds it by accident, and the stack gives `unredacted/` a shorter retention than the results
 * (its objects carry the data class `unredacted-transcript`, see dataClasses.ts). Erasing a case
 * removes `unredacted/cases/<caseId>/` too.
 */
export function unredactedTranscriptKey(ref: ContactRef): string {
  return `unredacted/${artifactKey(ref, 'transcript')}`;
}

/** Marker that records that a stage handed its output on to the next queue. */
export function handoffKey(ref: ContactRef, stage: StageName): string {
  return `${contactPrefix(ref)}handoff/${stage}.json`;
}

/** Error records are keyed by stage and a stable id of the failed input. */
export function errorKey(stage: StageName, inputId: string): string {
  return `errors/${stage}/${inputId}.json`;
}
