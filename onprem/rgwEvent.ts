import { encodeS3EventKey } from '../local/s3EventBridge';

interface RgwRecord {
  eventSource?: string;
  s3?: { object?: { key?: string } };
  [field: string]: unknown;
}

/**
 * RGW's bucket notifications carry AWS's record shape with two differences ingest must not see:
 * `eventSource` is "ceph:s3" and the object key is not URL-encoded. This rewrites them as S3
 * would have sent them; any other message passes unchanged (ingest judges it).
 */
export function asS3Notification(body: string): string {
  let parsed: { Records?: RgwRecord[] };
  try {
    parsed = JSON.parse(body) as { Records?: RgwRecord[] };
  } catch {
    return body;
  }
  if (!Array.isArray(parsed.Records) || !parsed.Records.some((r) => r.eventSource === 'ceph:s3')) {
    return body;
  }
  const Records = parsed.Records.map((record) => {
    if (record.eventSource !== 'ceph:s3' || typeof record.s3?.object?.key !== 'string') {
      return record;
    }
    return {
      ...record,
      eventSource: 'aws:s3',
      s3: {
        ...record.s3,
        object: { ...record.s3.object, key: encodeS3EventKey(record.s3.object.key) },
      },
    };
  });
  return JSON.stringify({ ...parsed, Records });
}
