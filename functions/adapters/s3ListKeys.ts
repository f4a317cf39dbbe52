import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { ListKeys } from '../core/reconcile/reconcile';
import type { ListedObject } from '../core/reconcile/s3Notification';

/** ListKeys over S3 (or the local S3 stand-in): every object under the prefix, page by page. */
export function s3ListKeys(s3: S3Client): ListKeys {
  return async (bucket, prefix) => {
    const objects: ListedObject[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        objects.push({
          key: object.Key,
          lastModified: object.LastModified ?? new Date(0),
          ...(object.Size !== undefined ? { size: object.Size } : {}),
          ...(object.ETag ? { eTag: object.ETag.replace(/"/g, '') } : {}),
        });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects;
  };
}
