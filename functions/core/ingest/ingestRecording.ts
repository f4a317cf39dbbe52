import { createHash } from 'node:crypto';
import { artifactKey } from '../../shared/artifactKeys';
import type { RecordingInfo, StageMessage } from '../../shared/documents';
import { SCHEMA_VERSION } from '../../shared/documents';
import { PermanentError } from '../../shared/errors';
import type { PipelineConfig } from '../../shared/pipelineConfig';
import type { ObjectStore } from '../../shared/ports';
import { validateDocument } from '../../shared/schemas';
import { handOffToNext, type StageContext } from '../stageContext';
import { PROBE_BYTES, probeRecording } from './probeRecording';
import { isSidecarKey, resolveRecordingMetadata } from './recordingMetadata';
import type { CreatedObject } from './s3Event';

export interface IngestSettings {
  recordingsPrefix: string;
  pipeline: PipelineConfig;
}

export type IngestOutcome =
  | { status: 'ignored'; reason: string }
  | { status: 'forwarded' | 'duplicate'; recording: RecordingInfo };

async function sha256Of(store: ObjectStore, bucket: string, key: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of await store.getStream(bucket, key)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Validates one uploaded object, records what it is, and hands the contact to transcription.
 * Reading only the header identifies the audio; the checksum streams the object, so memory
 * stays flat for long calls.
 */
export async function ingestRecording(
  ctx: StageContext,
  settings: IngestSettings,
  object: CreatedObject,
): Promise<IngestOutcome> {
  if (!object.key.startsWith(settings.recordingsPrefix)) {
    return { status: 'ignored', reason: `outside ${settings.recordingsPrefix}` };
  }
  if (isSidecarKey(object.key)) return { status: 'ignored', reason: 'metadata sidecar' };
  const head = await ctx.store.head(object.bucket, object.key);
  if (!head) {
    throw new PermanentError(
      'missing-object',
      `s3://${object.bucket}/${object.key} no longer exists`,
    );
  }
  const metadata = await resolveRecordingMetadata(ctx.store, object, head, settings.pipeline);
  const headBytes = await ctx.store.getRange(object.bucket, object.key, 0, PROBE_BYTES - 1);
  const audio = await probeRecording(headBytes, head.size);
  const sha256 = await sha256Of(ctx.store, object.bucket, object.key);

  const recordingKey = artifactKey(metadata.ref, 'recording');
  const earlier = await ctx.store.getJson<RecordingInfo>(ctx.resultsBucket, recordingKey);
  if (earlier && earlier.source.sha256 !== sha256) {
    throw new PermanentError(
      'contact-conflict',
      `contact ${metadata.ref.contact_id} of case ${metadata.ref.case_id} was already ingested from different audio (sha256 ${earlier.source.sha256.slice(0, 12)}…); upload a new recording under a new contact id`,
    );
  }
  const recording: RecordingInfo = earlier ?? {
    schema_version: SCHEMA_VERSION,
    ...metadata.ref,
    source: {
      bucket: object.bucket,
      key: object.key,
      ...(head.versionId ? { version_id: head.versionId } : {}),
      size: head.size,
      ...(head.etag ? { etag: head.etag } : {}),
      sha256,
    },
    audio,
    languages: metadata.languages,
    channel_roles: metadata.channelRoles,
    metadata_sources: metadata.sources,
    received_at: object.eventTime ?? ctx.now().toISOString(),
  };
  if (!earlier) {
    validateDocument('recording-info', recording);
    await ctx.store.putJson(ctx.resultsBucket, recordingKey, recording);
  }

  const next: StageMessage = {
    ...metadata.ref,
    artifact: { bucket: ctx.resultsBucket, key: recordingKey },
  };
  const handoff = await handOffToNext(ctx, 'ingest', metadata.ref, 'stage-message', next);
  return { status: handoff === 'already-sent' ? 'duplicate' : 'forwarded', recording };
}
