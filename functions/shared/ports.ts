import type { Readable } from 'node:stream';

/** The core's view of storage and queues; AWS and local adapters implement these. */

export interface ObjectHead {
  size: number;
  etag?: string;
  versionId?: string;
  contentType?: string;
  /** User metadata (x-amz-meta-*), keys lower-cased without the prefix. */
  metadata: Record<string, string>;
}

export interface ObjectStore {
  head(bucket: string, key: string): Promise<ObjectHead | undefined>;
  /** Inclusive byte range, clamped to the object's size. */
  getRange(bucket: string, key: string, start: number, end: number): Promise<Uint8Array>;
  getBytes(bucket: string, key: string): Promise<Uint8Array>;
  getStream(bucket: string, key: string): Promise<Readable>;
  /** Streams the object to a local file without buffering it whole; returns its size. */
  downloadToFile(bucket: string, key: string, path: string): Promise<number>;
  getJson<T>(bucket: string, key: string): Promise<T | undefined>;
  putJson(bucket: string, key: string, document: unknown): Promise<{ versionId?: string }>;
  /** Writes a text rendering (Markdown, HTML) of a document. */
  putText(bucket: string, key: string, text: string, contentType: string): Promise<void>;
  /** Creates the object only if absent (S3 conditional write); false when it already existed. */
  createJsonIfAbsent(bucket: string, key: string, document: unknown): Promise<boolean>;
  /**
   * Replaces the object only if it still has this ETag (S3 conditional write, If-Match);
   * false when someone else changed it first. For read-modify-write documents such as case.json.
   */
  putJsonIfMatch(bucket: string, key: string, document: unknown, etag: string): Promise<boolean>;
  /** Every version (and delete marker) of every object under the prefix. */
  listVersions(bucket: string, prefix: string): Promise<ObjectVersion[]>;
  /** Permanently deletes exactly these versions; returns how many were deleted. */
  deleteVersions(bucket: string, versions: ObjectVersion[]): Promise<number>;
}

export interface ObjectVersion {
  key: string;
  /** Absent where the store keeps no versions: the object is its only version. */
  versionId?: string;
}

export interface MessageQueue {
  /** `delaySeconds` (0-900) holds the message back, e.g. erasure's second sweep. */
  send(queueUrl: string, body: unknown, options?: { delaySeconds?: number }): Promise<void>;
}
