import { createHash } from 'node:crypto';
import { artifactKey } from '../../shared/artifactKeys';
import { PermanentError } from '../../shared/errors';
import type { QueueRecord } from '../processStageRecord';
import { recordPermanentFailure, type StageContext } from '../stageContext';
import { type IngestOutcome, type IngestSettings, ingestRecording } from './ingestRecording';
import { recordingForMetadata } from './metadataArrival';
import { type ObjectEvent, parseObjectEvents } from './objectEvents';
import { contactRefOf, isSidecarKey } from './recordingMetadata';
import type { CreatedObject } from './s3Event';

function idOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}

/**
 * The object to ingest for an event: the object itself, or for a metadata document that
 * arrived after its recording, that recording (see metadataArrival.ts).
 */
async function contactObjectOf(
  ctx: StageContext,
  settings: IngestSettings,
  created: CreatedObject,
): Promise<CreatedObject | undefined> {
  if (!isSidecarKey(created.key) || !created.key.startsWith(settings.recordingsPrefix)) {
    return created;
  }
  const key = await recordingForMetadata(ctx.store, created.bucket, created.key);
  // No event time: the recording's age is unknown here, and its metadata is present anyway.
  return key ? { bucket: created.bucket, key } : undefined;
}

/**
 * Metadata that came after the wait: the recording was already ingested under ids derived from
 * its key, and now again under the ids the metadata names. Operators should lengthen
 * `ingest.sidecarWaitSeconds` (or have the telephony send metadata first).
 */
async function warnIfLate(ctx: StageContext, object: CreatedObject): Promise<void> {
  const derived = artifactKey(contactRefOf({}, object), 'recording');
  if (await ctx.store.head(ctx.resultsBucket, derived)) {
    ctx.log.warn('metadata arrived after its recording was ingested without it', {
      stage: 'ingest',
      objectId: idOf(`${object.bucket}/${object.key}`),
    });
  }
}

/**
 * Runs every object of one queue message (direct S3, EventBridge or SNS-wrapped, see
 * objectEvents.ts) through ingest; see processStageRecord for outcomes. A malformed record
 * gets its own error record and does not stop the others.
 */
export async function processIngestRecord(
  ctx: StageContext,
  settings: IngestSettings,
  record: QueueRecord,
): Promise<IngestOutcome[]> {
  let events: ObjectEvent[];
  try {
    events = parseObjectEvents(record.body);
  } catch (error) {
    if (!(error instanceof PermanentError)) throw error;
    const input = { message_id: record.messageId };
    await recordPermanentFailure(ctx, 'ingest', error, input, `messages/${record.messageId}`);
    return [];
  }
  const outcomes: IngestOutcome[] = [];
  for (const event of events) {
    if (event.kind === 'skipped') {
      outcomes.push({ status: 'ignored', reason: event.reason });
    } else if (event.kind === 'malformed') {
      const input = { message_id: record.messageId };
      const inputId = `messages/${record.messageId}-record-${event.record}`;
      await recordPermanentFailure(ctx, 'ingest', event.error, input, inputId);
      outcomes.push({ status: 'ignored', reason: `rejected: ${event.error.code}` });
    } else {
      outcomes.push(await ingestCreated(ctx, settings, event.object));
    }
  }
  return outcomes;
}

async function ingestCreated(
  ctx: StageContext,
  settings: IngestSettings,
  created: CreatedObject,
): Promise<IngestOutcome> {
  const object = await contactObjectOf(ctx, settings, created);
  if (!object) {
    return { status: 'ignored', reason: 'metadata document; its recording is not there yet' };
  }
  try {
    const outcome = await ingestRecording(ctx, settings, object);
    if (object !== created && outcome.status === 'forwarded') await warnIfLate(ctx, object);
    // The object key is logged only as a hash: file names from telephony may hold names.
    ctx.log.info('object ingested', {
      stage: 'ingest',
      status: outcome.status,
      objectId: idOf(`${object.bucket}/${object.key}`),
      ...('recording' in outcome
        ? { caseId: outcome.recording.case_id, contactId: outcome.recording.contact_id }
        : {}),
    });
    return outcome;
  } catch (error) {
    if (!(error instanceof PermanentError)) throw error;
    // Keyed by the object, not the message: a duplicate event rewrites the same record.
    const input = { bucket: object.bucket, key: object.key };
    await recordPermanentFailure(
      ctx,
      'ingest',
      error,
      input,
      `objects/${idOf(`${object.bucket}/${object.key}`)}`,
    );
    return { status: 'ignored', reason: `rejected: ${error.code}` };
  }
}
