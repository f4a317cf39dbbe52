import { SCHEMA_VERSION } from '../../shared/documents';
import type { ObjectStore } from '../../shared/ports';
import type { CaseIdMac } from './caseIdMac';

/**
 * Everything erasure leaves behind lies under `erasure-receipts/<hmac of the case id>/`, which a
 * bucket policy lets no role but erase's write: the per-case marker that stops every stage from
 * writing for the case again, and one receipt per request.
 */
export const RECEIPTS_PREFIX = 'erasure-receipts/';

export function erasureMarkerKey(caseIdHmac: string): string {
  return `${RECEIPTS_PREFIX}${caseIdHmac}/erased.json`;
}

export function receiptKeyOf(caseIdHmac: string, requestId: string): string {
  return `${RECEIPTS_PREFIX}${caseIdHmac}/requests/${requestId}.json`;
}

/** The marker holds no personal data: the case only as its HMAC. */
export interface ErasureMarker {
  schema_version: string;
  type: 'case-erasure-marker';
  case_id_hmac: string;
  /** The request that first erased the case. */
  request_id: string;
  erased_at: string;
}

/** Answers whether a case was erased; every stage asks before writing or handing on. */
export type ErasureCheck = (caseId: string) => Promise<boolean>;

export function erasureCheck(
  store: ObjectStore,
  resultsBucket: string,
  mac: CaseIdMac,
): ErasureCheck {
  return async (caseId) =>
    (await store.head(resultsBucket, erasureMarkerKey(await mac(caseId)))) !== undefined;
}

/** Writes the marker once; a later erasure of the same case keeps the first one. */
export async function markCaseErased(
  store: ObjectStore,
  resultsBucket: string,
  marker: Omit<ErasureMarker, 'schema_version' | 'type'>,
): Promise<void> {
  await store.createJsonIfAbsent(resultsBucket, erasureMarkerKey(marker.case_id_hmac), {
    schema_version: SCHEMA_VERSION,
    type: 'case-erasure-marker',
    ...marker,
  } satisfies ErasureMarker);
}
