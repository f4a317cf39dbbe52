import type { ObjectPointer } from '../../functions/shared/documents';
import type { Handles } from '../handles';
import type { AudioLinks } from './audioLinks';

/**
 * Locally the browser cannot reach the S3 stand-in, so the app streams the recording itself from
 * `/audio/<token>`; the token is sealed (encrypted and authenticated) with the server key and
 * carries its expiry, as a presigned URL does.
 */
export class LocalAudioLinks implements AudioLinks {
  readonly mediaOrigins: string[] = [];

  constructor(private readonly handles: Handles) {}

  async link(recording: ObjectPointer, expiresAt: Date): Promise<string> {
    return `/audio/${this.handles.sealExpiring(['audio', recording.bucket, recording.key], expiresAt)}`;
  }

  open(token: string, now: Date): ObjectPointer | undefined {
    const parts = this.handles.openExpiring(token, 3, now);
    if (parts?.[0] !== 'audio' || !parts[1] || !parts[2]) return undefined;
    return { bucket: parts[1], key: parts[2] };
  }
}
