import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ContactRef } from '../functions/shared/documents';

/** How far a call's live segments cover it (see the transcribe stage's `liveTranscript.reuse`). */
export type LiveCoverage = 'complete' | 'partial';

/** A finished live call's recording, handed to the regular post-call pipeline. */
export interface RecordingUpload {
  ref: ContactRef;
  /** The assembled WAV (16-bit PCM). */
  path: string;
  sha256: string;
  /** SHA-256 of the audio bytes exactly as received, in order. */
  receivedSha256: string;
  callerLanguage: string;
  caseWorkerLanguage: string;
  agentLanguage?: string;
  /** Zero-based channel of the agent; absent for a mono recording. */
  agentChannel?: number;
  /** Whether every utterance of the call became a live segment. */
  liveSegments: LiveCoverage;
}

export interface RecordingTarget {
  s3: S3Client;
  bucket: string;
  /** The prefix the post-call pipeline listens on, e.g. `recordings/`. */
  prefix: string;
}

/** Key of a live call's assembled recording under the recordings prefix. */
export function liveRecordingKey(prefix: string, upload: Pick<RecordingUpload, 'ref'>): string {
  return `${prefix}live/${upload.ref.case_id}/${upload.ref.contact_id}.wav`;
}

/**
 * Hands a finished call to the regular post-call pipeline: the sidecar first (telephony order,
 * so ingest finds it), then the stereo WAV streamed from disk with both checksums as object
 * metadata. Ingest records the stored object's SHA-256 itself, which must equal `live-sha256`.
 */
export async function uploadRecording(
  target: RecordingTarget,
  upload: RecordingUpload,
): Promise<string> {
  const key = liveRecordingKey(target.prefix, upload);
  const sidecar = {
    case_id: upload.ref.case_id,
    contact_id: upload.ref.contact_id,
    caller_language: upload.callerLanguage,
    case_worker_language: upload.caseWorkerLanguage,
    ...(upload.agentLanguage ? { agent_language: upload.agentLanguage } : {}),
    ...(upload.agentChannel !== undefined ? { agent_channel: upload.agentChannel } : {}),
  };
  await target.s3.send(
    new PutObjectCommand({
      Bucket: target.bucket,
      Key: `${key}.meta.json`,
      Body: JSON.stringify(sidecar),
      ContentType: 'application/json',
    }),
  );
  const { size } = await stat(upload.path);
  await target.s3.send(
    new PutObjectCommand({
      Bucket: target.bucket,
      Key: key,
      Body: createReadStream(upload.path),
      ContentLength: size,
      ContentType: 'audio/wav',
      Metadata: {
        'live-sha256': upload.sha256,
        'live-received-sha256': upload.receivedSha256,
        'live-segments': upload.liveSegments,
      },
    }),
  );
  return key;
}
