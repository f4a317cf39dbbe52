import { createHash } from 'node:crypto';
import { SCHEMA_VERSION } from '../../shared/documents';
import type { ObjectStore } from '../../shared/ports';

/**
 * The object-to-case index: as soon as ingest learns which case an uploaded object belongs to
 * (from its key, its metadata document, its sidecar, its x-amz-meta values or the contact
 * document itself), it files `cases/<case>/inputs/<object id>.json` naming the object, before
 * anything else can fail. Erasure reads these entries to find every upload of a case, also the
 * ones that were rejected, arrived twice, or conflict with an earlier one, and the error
 * records written for them before their case was known.
 *
 * An entry is written even for an erased case (the erasure guard lets it through), so that an
 * upload that names an erased case stays findable: a new erase request removes it.
 */
export interface InputIndexEntry {
  schema_version: string;
  type: 'case-input';
  bucket: string;
  key: string;
  indexed_at: string;
}

/** A stable id of an uploaded object that reveals nothing of its key. */
export function objectIdOf(object: { bucket: string; key: string }): string {
  return createHash('sha256').update(`${object.bucket}/${object.key}`).digest('hex').slice(0, 24);
}

export function inputIndexKey(caseId: string, object: { bucket: string; key: string }): string {
  return `cases/${caseId}/inputs/${objectIdOf(object)}.json`;
}

const INDEX_KEY = /^cases\/[^/]+\/inputs\/[^/]+\.json$/;

export function isInputIndexKey(key: string): boolean {
  return INDEX_KEY.test(key);
}

/** Error records of objects whose case was not known yet lie here (processIngestRecord.ts). */
export function objectErrorInputId(object: { bucket: string; key: string }): string {
  return `objects/${objectIdOf(object)}`;
}

export async function indexInput(
  store: ObjectStore,
  resultsBucket: string,
  caseId: string,
  object: { bucket: string; key: string },
  now: Date,
): Promise<void> {
  const entry: InputIndexEntry = {
    schema_version: SCHEMA_VERSION,
    type: 'case-input',
    bucket: object.bucket,
    key: object.key,
    indexed_at: now.toISOString(),
  };
  // Created once: a duplicate event adds no version.
  await store.createJsonIfAbsent(resultsBucket, inputIndexKey(caseId, object), entry);
}
