import { randomUUID } from 'node:crypto';
import type { ObjectStore } from '../../functions/shared/ports';

/**
 * Who read which case when, without any content. One object per read under the case's own
 * prefix, so that erasing the case (a prefix operation) erases its access log with it, and no
 * read-modify-write races between two readers.
 */
export interface AccessLogEntry {
  schema_version: '1.0';
  type: 'case-access';
  case_id: string;
  contact_id?: string;
  view: 'case' | 'contact' | 'audio';
  user: string;
  roles: string[];
  at: string;
}

const PREFIX = (caseId: string) => `cases/${caseId}/access-log/`;

export async function recordAccess(
  store: ObjectStore,
  bucket: string,
  entry: Omit<AccessLogEntry, 'schema_version' | 'type'>,
): Promise<void> {
  // Time first so that a listing returns the entries in order.
  const key = `${PREFIX(entry.case_id)}${entry.at.replace(/[:.]/g, '-')}-${randomUUID()}.json`;
  await store.putJson(bucket, key, { schema_version: '1.0', type: 'case-access', ...entry });
}

export async function readAccessLog(
  store: ObjectStore,
  bucket: string,
  caseId: string,
): Promise<AccessLogEntry[]> {
  const keys = [...new Set((await store.listVersions(bucket, PREFIX(caseId))).map((v) => v.key))];
  const entries = await Promise.all(keys.map((key) => store.getJson<AccessLogEntry>(bucket, key)));
  return entries
    .filter((e): e is AccessLogEntry => e !== undefined)
    .sort((a, b) => b.at.localeCompare(a.at));
}
