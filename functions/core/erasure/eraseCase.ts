import type { RecordingInfo, StageName } from '../../shared/documents';
import { SCHEMA_VERSION } from '../../shared/documents';
import type { ObjectStore, ObjectVersion } from '../../shared/ports';
import { sidecarKeys } from '../ingest/recordingMetadata';
import type { Log } from '../stageContext';
import { caseIdHash, type EraseRequest, type ErasureReceipt } from './eraseRequest';

export interface ErasureContext {
  store: ObjectStore;
  recordingsBucket: string;
  resultsBucket: string;
  log: Log;
  now: () => Date;
}

const STAGES_WITH_CONTACT_ERRORS: StageName[] = ['transcribe', 'translate', 'summarize', 'publish'];

export function receiptKey(request: EraseRequest): string {
  return `erasure-receipts/${caseIdHash(request.case_id)}/${request.request_id}.json`;
}

/** The results-bucket prefixes that hold anything of one case. */
function caseResultPrefixes(caseId: string): string[] {
  return [
    `cases/${caseId}/`,
    `unredacted/cases/${caseId}/`,
    ...STAGES_WITH_CONTACT_ERRORS.map((stage) => `errors/${stage}/${caseId}/`),
  ];
}

/**
 * Art. 17 erasure of one case: every version of every object of the case in both buckets (the
 * recordings, their sidecars, transcripts, translations, summaries, roll-ups, error records and
 * hand-off markers), then a receipt. Recordings are found through the case's recording.json
 * files, so those are read before anything is deleted. Idempotent per request: a repeated
 * request finds its receipt and deletes nothing more.
 */
export async function eraseCase(
  ctx: ErasureContext,
  request: EraseRequest,
): Promise<ErasureReceipt> {
  const key = receiptKey(request);
  const earlier = await ctx.store.getJson<ErasureReceipt>(ctx.resultsBucket, key);
  if (earlier) return earlier;

  const resultVersions: ObjectVersion[] = [];
  for (const prefix of caseResultPrefixes(request.case_id)) {
    resultVersions.push(...(await ctx.store.listVersions(ctx.resultsBucket, prefix)));
  }
  const recordingKeys = new Set<string>();
  for (const { key: infoKey } of resultVersions.filter((v) => v.key.endsWith('/recording.json'))) {
    const info = await ctx.store.getJson<RecordingInfo>(ctx.resultsBucket, infoKey);
    if (!info || info.source.bucket !== ctx.recordingsBucket) continue;
    recordingKeys.add(info.source.key);
    for (const sidecar of sidecarKeys(info.source.key)) recordingKeys.add(sidecar);
  }
  const recordingVersions: ObjectVersion[] = [];
  for (const recordingKey of recordingKeys) {
    const versions = await ctx.store.listVersions(ctx.recordingsBucket, recordingKey);
    // listVersions matches a prefix: keep only this exact key, not `call.wav.meta.json` twice.
    recordingVersions.push(...versions.filter((v) => v.key === recordingKey));
  }

  const deleted = {
    recordings_bucket: await ctx.store.deleteVersions(ctx.recordingsBucket, recordingVersions),
    results_bucket: await ctx.store.deleteVersions(ctx.resultsBucket, dedupe(resultVersions)),
  };
  const receipt: ErasureReceipt = {
    schema_version: SCHEMA_VERSION,
    type: 'erasure-receipt',
    case_id_sha256: caseIdHash(request.case_id),
    request_id: request.request_id,
    requested_by: request.requested_by,
    erased_at: ctx.now().toISOString(),
    deleted,
  };
  await ctx.store.putJson(ctx.resultsBucket, key, receipt);
  ctx.log.info('case erased', {
    caseIdSha256: receipt.case_id_sha256,
    requestId: request.request_id,
    ...deleted,
  });
  return receipt;
}

function dedupe(versions: ObjectVersion[]): ObjectVersion[] {
  const seen = new Map<string, ObjectVersion>();
  for (const v of versions) seen.set(`${v.key}\u0000${v.versionId ?? ''}`, v);
  return [...seen.values()];
}
