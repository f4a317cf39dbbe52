import { createHash } from 'node:crypto';
import { artifactKey } from '../../shared/artifactKeys';
import * as schemas from '../../shared/compiledSchemas';
import type { ContactRef, RecordingInfo, StageMessage } from '../../shared/documents';
import { SCHEMA_VERSION } from '../../shared/documents';
import { validateDocument } from '../../shared/documentValidation';
import { CorruptAudioError, PermanentError } from '../../shared/errors';
import type { PipelineConfig } from '../../shared/pipelineConfig';
import type { ObjectHead, ObjectStore } from '../../shared/ports';
import { recordAudioMinutes } from '../metricsPort';
import { handOffToNext, type StageContext } from '../stageContext';
import { describeTextContact, isContactDocumentKey } from './contactText';
import { holdForMetadata } from './metadataArrival';
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

/** What ingest found out about a contact before it is checksummed and stored. */
type Described = Pick<
  RecordingInfo,
  'channel' | 'audio' | 'languages' | 'channel_roles' | 'metadata_sources' | 'telephony'
> & { ref: ContactRef };

async function sha256Of(store: ObjectStore, bucket: string, key: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of await store.getStream(bucket, key)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Told the contact an object belongs to as soon as it is known, before the object is checked. */
export type OnCaseKnown = (ref: ContactRef) => Promise<void>;

async function describeCall(
  ctx: StageContext,
  settings: IngestSettings,
  object: CreatedObject,
  head: ObjectHead,
  onCase: OnCaseKnown,
): Promise<Described> {
  const metadata = await resolveRecordingMetadata(ctx.store, object, head, settings.pipeline);
  holdForMetadata(metadata, object, ctx.now(), settings.pipeline.ingest.sidecarWaitSeconds);
  await onCase(metadata.ref);
  // A range read of an empty object fails (416 in S3): reject it before reading.
  if (head.size === 0) throw new CorruptAudioError('the object is empty (0 bytes)');
  const headBytes = await ctx.store.getRange(object.bucket, object.key, 0, PROBE_BYTES - 1);
  return {
    ref: metadata.ref,
    channel: 'call',
    audio: await probeRecording(headBytes, head.size, (length) =>
      ctx.store.getRange(object.bucket, object.key, Math.max(0, head.size - length), head.size - 1),
    ),
    languages: metadata.languages,
    channel_roles: metadata.channelRoles,
    metadata_sources: metadata.sources,
    telephony: metadata.telephony,
  };
}

async function describeText(
  ctx: StageContext,
  settings: IngestSettings,
  object: CreatedObject,
  head: ObjectHead,
  onCase: OnCaseKnown,
): Promise<Described> {
  const text = await describeTextContact(ctx.store, object, head, settings.pipeline, onCase);
  return {
    ref: text.ref,
    channel: text.channel,
    languages: text.languages,
    channel_roles: {},
    metadata_sources: text.sources,
    // The start orders the case's contacts and anchors due dates, as a call's time does.
    ...(text.startedAt ? { telephony: { layout: 'generic', started_at: text.startedAt } } : {}),
  };
}

/**
 * Validates one uploaded object (a recording, or a chat or e-mail document), records what it
 * is, and hands the contact to transcription. Reading only the header identifies audio; the
 * checksum streams the object, so memory stays flat for long calls.
 */
export async function ingestRecording(
  ctx: StageContext,
  settings: IngestSettings,
  object: CreatedObject,
  onCase: OnCaseKnown = async () => {},
): Promise<IngestOutcome> {
  if (!object.key.startsWith(settings.recordingsPrefix)) {
    return { status: 'ignored', reason: `outside ${settings.recordingsPrefix}` };
  }
  if (isSidecarKey(object.key)) return { status: 'ignored', reason: 'metadata document' };
  const head = await ctx.store.head(object.bucket, object.key);
  if (!head) {
    throw new PermanentError(
      'missing-object',
      `s3://${object.bucket}/${object.key} no longer exists`,
    );
  }
  const { ref, ...described } = isContactDocumentKey(object.key)
    ? await describeText(ctx, settings, object, head, onCase)
    : await describeCall(ctx, settings, object, head, onCase);
  const sha256 = await sha256Of(ctx.store, object.bucket, object.key);

  const recordingKey = artifactKey(ref, 'recording');
  const earlier = await ctx.store.getJson<RecordingInfo>(ctx.resultsBucket, recordingKey);
  if (earlier && earlier.source.sha256 !== sha256) {
    throw new PermanentError(
      'contact-conflict',
      `contact ${ref.contact_id} of case ${ref.case_id} was already ingested from different content (sha256 ${earlier.source.sha256.slice(0, 12)}…); upload it under a new contact id`,
    );
  }
  const recording: RecordingInfo = earlier ?? {
    schema_version: SCHEMA_VERSION,
    ...ref,
    channel: described.channel,
    source: {
      bucket: object.bucket,
      key: object.key,
      ...(head.versionId ? { version_id: head.versionId } : {}),
      size: head.size,
      ...(head.etag ? { etag: head.etag } : {}),
      sha256,
    },
    ...(described.audio ? { audio: described.audio } : {}),
    languages: described.languages,
    channel_roles: described.channel_roles,
    metadata_sources: described.metadata_sources,
    ...(described.telephony ? { telephony: described.telephony } : {}),
    received_at: object.eventTime ?? ctx.now().toISOString(),
  };
  if (!earlier) {
    validateDocument(schemas.recordingInfo, recording);
    await ctx.store.putJson(ctx.resultsBucket, recordingKey, recording);
  }

  const next: StageMessage = { ...ref, artifact: { bucket: ctx.resultsBucket, key: recordingKey } };
  const handoff = await handOffToNext(ctx, 'ingest', ref, schemas.stageMessage, next);
  if (handoff === 'already-sent') return { status: 'duplicate', recording };
  // Counted once per contact handed on, so a duplicate event adds no minutes.
  if (recording.audio) recordAudioMinutes(ctx.metrics, recording.audio.duration_seconds);
  return { status: 'forwarded', recording };
}
