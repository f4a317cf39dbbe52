import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { s3ListKeys } from '../../functions/adapters/s3ListKeys';
import { S3ObjectStore } from '../../functions/adapters/s3ObjectStore';
import type { PieceStore, StoredPiece } from './PieceStore';

const isStatus = (error: unknown, ...codes: number[]) =>
  error instanceof S3ServiceException && codes.includes(error.$metadata.httpStatusCode ?? 0);

/** PieceStore over the AWS SDK S3 client (S3 in the stack, the stand-in locally). */
export class S3PieceStore implements PieceStore {
  private readonly objects: S3ObjectStore;
  private readonly listKeys: ReturnType<typeof s3ListKeys>;

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {
    this.objects = new S3ObjectStore(s3);
    this.listKeys = s3ListKeys(s3);
  }

  async createIfAbsent(
    key: string,
    body: Uint8Array,
    metadata: Record<string, string> = {},
  ): Promise<boolean> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: 'audio/wav',
          Metadata: metadata,
          IfNoneMatch: '*',
        }),
      );
      return true;
    } catch (error) {
      // 412: the piece exists; 409: a concurrent conditional write of it is in flight.
      if (isStatus(error, 412, 409)) return false;
      throw error;
    }
  }

  async put(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (isStatus(error, 404) || (error as Error).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async metadata(key: string): Promise<Record<string, string> | undefined> {
    try {
      const out = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Metadata ?? {};
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async list(prefix: string): Promise<StoredPiece[]> {
    return (await this.listKeys(this.bucket, prefix)).map((o) => ({
      key: o.key,
      size: o.size ?? 0,
      lastModified: o.lastModified.getTime(),
    }));
  }

  async deletePrefix(prefix: string): Promise<void> {
    const versions = await this.objects.listVersions(this.bucket, prefix);
    if (versions.length > 0) await this.objects.deleteVersions(this.bucket, versions);
  }
}
