import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ObjectHead, ObjectStore, ObjectVersion } from '../../functions/shared/ports';

/** In-memory ObjectStore for unit tests of core logic; integration tests use the S3 stand-in. */
export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, { bytes: Uint8Array; metadata: Record<string, string> }>();

  put(
    bucket: string,
    key: string,
    body: string | Uint8Array,
    metadata: Record<string, string> = {},
  ): void {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    this.objects.set(`${bucket}/${key}`, { bytes, metadata });
  }

  private get(bucket: string, key: string) {
    const object = this.objects.get(`${bucket}/${key}`);
    if (!object)
      throw Object.assign(new Error(`NoSuchKey ${bucket}/${key}`), { name: 'NoSuchKey' });
    return object;
  }

  async head(bucket: string, key: string): Promise<ObjectHead | undefined> {
    const object = this.objects.get(`${bucket}/${key}`);
    return object
      ? {
          size: object.bytes.byteLength,
          metadata: object.metadata,
          etag: this.etagOf(object.bytes),
        }
      : undefined;
  }
  async getRange(bucket: string, key: string, start: number, end: number) {
    return this.get(bucket, key).bytes.slice(start, end + 1);
  }
  async getBytes(bucket: string, key: string) {
    return this.get(bucket, key).bytes;
  }
  async getStream(bucket: string, key: string) {
    return Readable.from([Buffer.from(this.get(bucket, key).bytes)]);
  }
  async downloadToFile(bucket: string, key: string, path: string) {
    const { bytes } = this.get(bucket, key);
    await writeFile(path, bytes);
    return bytes.byteLength;
  }
  async getJson<T>(bucket: string, key: string): Promise<T | undefined> {
    const object = this.objects.get(`${bucket}/${key}`);
    return object ? (JSON.parse(new TextDecoder().decode(object.bytes)) as T) : undefined;
  }
  async putJson(bucket: string, key: string, document: unknown) {
    this.put(bucket, key, JSON.stringify(document));
    return {};
  }
  async putText(bucket: string, key: string, text: string, _contentType: string) {
    this.put(bucket, key, text);
  }
  async createJsonIfAbsent(bucket: string, key: string, document: unknown) {
    if (this.objects.has(`${bucket}/${key}`)) return false;
    this.put(bucket, key, JSON.stringify(document));
    return true;
  }
  async putJsonIfMatch(bucket: string, key: string, document: unknown, etag: string) {
    const object = this.objects.get(`${bucket}/${key}`);
    if (!object || this.etagOf(object.bytes) !== etag) return false;
    this.put(bucket, key, JSON.stringify(document));
    return true;
  }
  /** A content hash stands in for S3's ETag. */
  etagOf(bytes: Uint8Array): string {
    return `"${createHash('md5').update(bytes).digest('hex')}"`;
  }
  async listVersions(bucket: string, prefix: string): Promise<ObjectVersion[]> {
    return [...this.objects.keys()]
      .filter((id) => id.startsWith(`${bucket}/${prefix}`))
      .map((id) => ({ key: id.slice(bucket.length + 1) }));
  }
  async deleteVersions(bucket: string, versions: ObjectVersion[]) {
    let deleted = 0;
    for (const { key } of versions) if (this.objects.delete(`${bucket}/${key}`)) deleted++;
    return deleted;
  }
}
