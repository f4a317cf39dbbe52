/** An object the ingest queue was told about (see objectEvents.ts for the envelopes). */
export interface CreatedObject {
  bucket: string;
  key: string;
  versionId?: string;
  size?: number;
  eventTime?: string;
}

/** S3 URL-encodes keys in events, with '+' for a space. */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}
