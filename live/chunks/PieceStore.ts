/** What live pieces need from object storage: the recordings bucket, under a live root. */
export interface StoredPiece {
  key: string;
  size: number;
  lastModified: number;
}

export interface PieceStore {
  /** Creates the object only if absent (S3 conditional write); false when it already existed. */
  createIfAbsent(
    key: string,
    body: Uint8Array,
    metadata?: Record<string, string>,
  ): Promise<boolean>;
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  /** User metadata (x-amz-meta-*) of an object; undefined when absent. */
  metadata(key: string): Promise<Record<string, string> | undefined>;
  /** Every object under the prefix (paginated inside). */
  list(prefix: string): Promise<StoredPiece[]>;
  /** Deletes every object (every version) under the prefix. */
  deletePrefix(prefix: string): Promise<void>;
}
