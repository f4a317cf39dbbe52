import type { ObjectVersion } from '../../functions/shared/ports';
import { MemoryObjectStore } from './memoryObjectStore';

interface StoredVersion {
  versionId: string;
  bytes?: Uint8Array;
  metadata: Record<string, string>;
  /** A delete marker: the object looks absent, its older versions remain. */
  deleteMarker: boolean;
}

/**
 * A versioned bucket as S3 keeps it: every write adds a version, a plain delete adds a delete
 * marker, and only deleting a version by id removes data. The local stand-in keeps no
 * versions, so erasure's handling of them is tested here.
 */
export class VersionedMemoryStore extends MemoryObjectStore {
  readonly history = new Map<string, StoredVersion[]>();
  private next = 1;

  override put(
    bucket: string,
    key: string,
    body: string | Uint8Array,
    metadata: Record<string, string> = {},
  ): void {
    super.put(bucket, key, body, metadata);
    const bytes = this.objects.get(`${bucket}/${key}`)?.bytes;
    this.versionsOf(bucket, key).push({
      versionId: `v${this.next++}`,
      bytes,
      metadata,
      deleteMarker: false,
    });
  }

  /** DeleteObject without a version id on a versioned bucket: a delete marker. */
  deleteObject(bucket: string, key: string): void {
    this.objects.delete(`${bucket}/${key}`);
    this.versionsOf(bucket, key).push({
      versionId: `v${this.next++}`,
      metadata: {},
      deleteMarker: true,
    });
  }

  override async listVersions(bucket: string, prefix: string): Promise<ObjectVersion[]> {
    return [...this.history.entries()]
      .filter(([id]) => id.startsWith(`${bucket}/${prefix}`))
      .flatMap(([id, versions]) =>
        versions.map((v) => ({ key: id.slice(bucket.length + 1), versionId: v.versionId })),
      );
  }

  override async deleteVersions(bucket: string, versions: ObjectVersion[]): Promise<number> {
    let deleted = 0;
    for (const { key, versionId } of versions) {
      const kept = this.versionsOf(bucket, key).filter((v) => v.versionId !== versionId);
      deleted += this.versionsOf(bucket, key).length - kept.length;
      this.history.set(`${bucket}/${key}`, kept);
      const latest = kept.at(-1);
      if (latest && !latest.deleteMarker && latest.bytes) {
        this.objects.set(`${bucket}/${key}`, { bytes: latest.bytes, metadata: latest.metadata });
      } else {
        this.objects.delete(`${bucket}/${key}`);
      }
      if (kept.length === 0) this.history.delete(`${bucket}/${key}`);
    }
    return deleted;
  }

  /** Every version's key and bytes, delete markers included (bytes empty). */
  everything(): Array<{ id: string; text: string }> {
    return [...this.history.entries()].flatMap(([id, versions]) =>
      versions.map((v) => ({ id, text: v.bytes ? new TextDecoder().decode(v.bytes) : '' })),
    );
  }

  private versionsOf(bucket: string, key: string): StoredVersion[] {
    const id = `${bucket}/${key}`;
    const versions = this.history.get(id) ?? [];
    this.history.set(id, versions);
    return versions;
  }
}
