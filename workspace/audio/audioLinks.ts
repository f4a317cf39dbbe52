import type { ObjectPointer } from '../../functions/shared/documents';

/** A short-lived link to a recording: a presigned S3 URL in the cloud, a signed route locally. */
export interface AudioLinks {
  link(recording: ObjectPointer, expiresAt: Date): Promise<string>;
  /** Origins the Content-Security-Policy must allow for media (the S3 endpoint in the cloud). */
  mediaOrigins: string[];
}

/** Minutes an audio link stays valid. */
export const AUDIO_LINK_MINUTES = 5;
