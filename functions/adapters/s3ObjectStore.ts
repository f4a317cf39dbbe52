import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { ObjectHead, ObjectStore, ObjectVersion } from '../shared/ports';
import { s3ListKeys } from './s3ListKeys';

function isStatus(error: unknown, ...codes: number[]): boolean {
  return error instanceof S3ServiceException && codes.includes(error.$metadata.httpStatusCode ?? 0);
}

/** ObjectStore over the AWS SDK S3 client; the same code talks to S3 and the local stand-in. */
export class S3ObjectStore implements ObjectStore {
  /** `tagsFor` names the S3 tags of an object written under a key (retention by class). */
  constructor(
    private readonly s3: S3Client,
    private readonly tagsFor: (key: string) => Record<string, string> | undefined = () => undefined,
  ) {}

  private tagging(key: string): string | undefined {
    const tags = this.tagsFor(key);
    return tags ? new URLSearchParams(tags).toString() : undefined;
  }

  async head(bucket: string, key: string): Promise<ObjectHead | undefined> {
    try {
      const out = await this.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return {
        size: out.ContentLength ?? 0,
        etag: out.ETag,
        versionId: out.VersionId,
        contentType: out.ContentType,
        metadata: Object.fromEntries(
          Object.entries(out.Metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
        ),
      };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async getRange(bucket: string, key: string, start: number, end: number): Promise<Uint8Array> {
    const out = await this.s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-${end}` }),
    );
    return out.Body ? out.Body.transformToByteArray() : new Uint8Array();
  }

  async getBytes(bucket: string, key: string): Promise<Uint8Array> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return out.Body ? out.Body.transformToByteArray() : new Uint8Array();
  }

  async getStream(bucket: string, key: string): Promise<Readable> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return out.Body as Readable;
  }

  async downloadToFile(bucket: string, key: string, path: string): Promise<number> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    await pipeline(out.Body as Readable, createWriteStream(path));
    return out.ContentLength ?? 0;
  }

  async getJson<T>(bucket: string, key: string): Promise<T | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const text = out.Body ? await out.Body.transformToString('utf-8') : '';
      return JSON.parse(text) as T;
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async putJson(bucket: string, key: string, document: unknown): Promise<{ versionId?: string }> {
    const out = await this.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: `${JSON.stringify(document, null, 2)}\n`,
        ContentType: 'application/json',
        Tagging: this.tagging(key),
      }),
    );
    return { versionId: out.VersionId };
  }

  async putText(bucket: string, key: string, text: string, contentType: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: text,
        ContentType: contentType,
        Tagging: this.tagging(key),
      }),
    );
  }

  async createJsonIfAbsent(bucket: string, key: string, document: unknown): Promise<boolean> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: `${JSON.stringify(document)}\n`,
          ContentType: 'application/json',
          Tagging: this.tagging(key),
          IfNoneMatch: '*',
        }),
      );
      return true;
    } catch (error) {
      // 412: the object exists. 409: a concurrent conditional write on the same key is in flight.
      if (isStatus(error, 412, 409)) return false;
      throw error;
    }
  }

  async putJsonIfMatch(
    bucket: string,
    key: string,
    document: unknown,
    etag: string,
  ): Promise<boolean> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: `${JSON.stringify(document, null, 2)}\n`,
          ContentType: 'application/json',
          Tagging: this.tagging(key),
          IfMatch: etag,
        }),
      );
      return true;
    } catch (error) {
      // 412: changed since it was read. 409: a concurrent conditional write is in flight.
      if (isStatus(error, 412, 409)) return false;
      throw error;
    }
  }

  async listVersions(bucket: string, prefix: string): Promise<ObjectVersion[]> {
    const versions: ObjectVersion[] = [];
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    try {
      do {
        const page = await this.s3.send(
          new ListObjectVersionsCommand({
            Bucket: bucket,
            Prefix: prefix,
            KeyMarker: keyMarker,
            VersionIdMarker: versionIdMarker,
          }),
        );
        for (const v of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
          if (v.Key) versions.push({ key: v.Key, versionId: v.VersionId });
        }
        keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
      } while (keyMarker);
      return versions;
    } catch (error) {
      // A store without a versioning API (the local stand-in) refuses the call (405/501):
      // there, each object is its only version.
      if (!isStatus(error, 405, 501)) throw error;
      const objects = await s3ListKeys(this.s3)(bucket, prefix);
      return objects.map(({ key }) => ({ key }));
    }
  }

  async deleteVersions(bucket: string, versions: ObjectVersion[]): Promise<number> {
    let deleted = 0;
    // DeleteObjects takes at most 1,000 keys per request.
    for (let i = 0; i < versions.length; i += 1000) {
      const batch = versions.slice(i, i + 1000);
      const out = await this.s3.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: {
            Quiet: false,
            Objects: batch.map((v) => ({
              Key: v.key,
              ...(v.versionId ? { VersionId: v.versionId } : {}),
            })),
          },
        }),
      );
      if (out.Errors?.length) {
        const first = out.Errors[0];
        throw new Error(
          `could not delete ${out.Errors.length} object versions, e.g. ${first?.Key}: ${first?.Code}`,
        );
      }
      deleted += out.Deleted?.length ?? batch.length;
    }
    return deleted;
  }
}
