import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ObjectPointer } from '../../functions/shared/documents';
import type { AudioLinks } from './audioLinks';

/** Presigned GetObject URLs: the browser streams the recording straight from S3 over TLS. */
export class PresignedAudioLinks implements AudioLinks {
  constructor(
    private readonly s3: S3Client,
    readonly mediaOrigins: string[],
    private readonly now: () => Date = () => new Date(),
  ) {}

  link(recording: ObjectPointer, expiresAt: Date): Promise<string> {
    const expiresIn = Math.max(1, Math.round((expiresAt.getTime() - this.now().getTime()) / 1000));
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: recording.bucket,
        Key: recording.key,
        VersionId: recording.version_id,
      }),
      { expiresIn },
    );
  }
}
