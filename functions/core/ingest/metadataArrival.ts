import { TransientError } from '../../shared/errors';
import type { ObjectStore } from '../../shared/ports';
import { GENESYS_METADATA_SUFFIX } from './genesysCloudLayout';
import type { ResolvedMetadata } from './recordingMetadata';

/**
 * Telephony systems upload a recording and its metadata document in either order. Both orders
 * must give the same contact:
 * - metadata first: the recording's event finds it (the metadata's own event finds no recording
 *   yet and is ignored);
 * - recording first: a recording younger than `ingest.sidecarWaitSeconds` without its metadata
 *   goes back to the queue (MetadataPendingError), and the metadata's own event ingests the
 *   recording as soon as it lands. The recording's retry then finds the contact already handed
 *   on. A recording whose metadata never comes is ingested once the wait is over.
 */
export class MetadataPendingError extends TransientError {
  constructor(message: string) {
    super(message);
    this.name = 'MetadataPendingError';
  }
}

/** Throws MetadataPendingError while a recording without its metadata is still young. */
export function holdForMetadata(
  metadata: Pick<ResolvedMetadata, 'metadataMissing'>,
  object: { key: string; eventTime?: string },
  now: Date,
  waitSeconds: number,
): void {
  if (waitSeconds <= 0 || !metadata.metadataMissing) return;
  // The event time stays the same across retries of one message: the age grows with each one.
  const created = object.eventTime ? Date.parse(object.eventTime) : Number.NaN;
  if (Number.isNaN(created)) return; // age unknown: never hold a recording back for ever
  const ageSeconds = (now.getTime() - created) / 1000;
  if (ageSeconds < waitSeconds) {
    throw new MetadataPendingError(
      `no metadata document yet for a recording ${Math.floor(ageSeconds)} s old; waiting up to ${waitSeconds} s`,
    );
  }
}

/** Recordings a metadata document may belong to, most specific first. */
export function recordingKeyCandidates(metadataKey: string): string[] {
  if (metadataKey.endsWith(GENESYS_METADATA_SUFFIX)) {
    const base = metadataKey.slice(0, -GENESYS_METADATA_SUFFIX.length);
    return [`${base}.wav`, `${base}.WAV`];
  }
  if (metadataKey.endsWith('.meta.json')) {
    const base = metadataKey.slice(0, -'.meta.json'.length);
    // `call.wav.meta.json` names its recording exactly; `call.meta.json` leaves the extension out.
    const exact = /\.[^./]+$/.test(base) ? [base] : [];
    return [...exact, `${base}.wav`, `${base}.WAV`];
  }
  return [];
}

/** The recording a newly arrived metadata document belongs to, if it is already there. */
export async function recordingForMetadata(
  store: ObjectStore,
  bucket: string,
  metadataKey: string,
): Promise<string | undefined> {
  for (const candidate of recordingKeyCandidates(metadataKey)) {
    if (await store.head(bucket, candidate)) return candidate;
  }
  return undefined;
}
