/** S3 URL-encodes each key segment in event notifications and writes a space as '+'. */
export function encodeS3EventKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%20/g, '+'))
    .join('/');
}

export interface ListedObject {
  key: string;
  lastModified: Date;
  size?: number;
  eTag?: string;
}

/**
 * The ObjectCreated notification S3 would have sent for an object, in the shape the ingest stage
 * parses (functions/core/ingest/s3Event.ts). The event time is the object's own LastModified, so
 * ingest ages the recording (sidecar wait) and stamps `received_at` as for the original event.
 */
export function objectCreatedNotification(bucket: string, object: ListedObject, region?: string) {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        ...(region ? { awsRegion: region } : {}),
        eventTime: object.lastModified.toISOString(),
        eventName: 'ObjectCreated:Put',
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'callbrief-reconcile',
          bucket: { name: bucket },
          object: {
            key: encodeS3EventKey(object.key),
            ...(object.size !== undefined ? { size: object.size } : {}),
            ...(object.eTag !== undefined ? { eTag: object.eTag } : {}),
          },
        },
      },
    ],
  };
}
