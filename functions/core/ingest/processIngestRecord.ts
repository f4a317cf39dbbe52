import { artifactKey } from '../../shared/artifactKeys';
import type { ContactRef } from '../../shared/documents';
import { PermanentError } from '../../shared/errors';
import { CaseErasedError } from '../erasure/erasureGuard';
import type { QueueRecord } from '../processStageRecord';
import { recordPermanentFailure, type StageContext } from '../stageContext';
import { type IngestOutcome, type IngestSettings, ingestRecording } from './ingestRecording';
import { indexInput, objectErrorInputId, objectIdOf } from './inputIndex';
import { recordingForMetadata } from './metadataArrival';
import { type ObjectEvent, parseObjectEvents } from './objectEvents';
import { contactRefOf, isSidecarKey } from './recordingMetadata';
import type { CreatedObject } from './s3Event';

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
      objectId: objectIdOf(object),
    });
  }
}

/**
 * The error record of a rejected object: filed under its case when the object named one (so
 * erasing the case erases it), else under the object's id (erasure finds it through the input
 * index once the case is learnt). An upload for an erased case is refused with a record that
 * holds no personal data: no case id, no object key, only the object's id.
 */
async function reject(
  ctx: StageContext,
  record: QueueRecord,
  object: CreatedObject,
  error: unknown,
  ref: ContactRef | undefined,
): Promise<IngestOutcome> {
  if (!(error instanceof CaseErasedError)) {
    if (!(error instanceof PermanentError)) throw error;
    const input = { bucket: object.bucket, key: object.key };
    try {
      // Keyed by the object, not the message: a duplicate event rewrites the same record.
      const inputId = ref
        ? `cases/${ref.case_id}/${objectErrorInputId(object)}`
        : objectErrorInputId(object);
      await recordPermanentFailure(ctx, 'ingest', error, input, inputId, ref);
      return { status: 'ignored', reason: `rejected: ${error.code}` };
    } catch (failure) {
      if (!(failure instanceof CaseErasedError)) throw failure;
    }
  }
  const erased = new PermanentError(
    'case-erased',
    `the object ${objectIdOf(object)} names a case that was erased, so it was not processed; ` +
      'a new erase request for the case deletes it, or a data-protection officer clears the ' +
      "case's erasure marker to accept it as a new matter",
  );
  const input = { message_id: record.messageId };
  await recordPermanentFailure(ctx, 'ingest', erased, input, `erased-cases/${objectIdOf(object)}`);
  return { status: 'ignored', reason: 'rejected: case-erased' };
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
      outcomes.push(await ingestCreated(ctx, settings, record, event.object));
    }
  }
  return outcomes;
}

async function ingestCreated(
  ctx: StageContext,
  settings: IngestSettings,
  record: QueueRecord,
  created: CreatedObject,
): Promise<IngestOutcome> {
  const object = await contactObjectOf(ctx, settings, created);
  if (!object) {
    return { status: 'ignored', reason: 'metadata document; its recording is not there yet' };
  }
  let ref: ContactRef | undefined;
  const onCase = async (known: ContactRef) => {
    ref = known;
    await indexInput(ctx.store, ctx.resultsBucket, known.case_id, object, ctx.now());
  };
  try {
    const outcome = await ingestRecording(ctx, settings, object, onCase);
    if (object !== created && outcome.status === 'forwarded') await warnIfLate(ctx, object);
    // The object key is logged only as a hash: file names from telephony may hold names.
    ctx.log.info('object ingested', {
      stage: 'ingest',
      status: outcome.status,
      objectId: objectIdOf(object),
      ...('recording' in outcome
        ? { caseId: outcome.recording.case_id, contactId: outcome.recording.contact_id }
        : {}),
    });
    return outcome;
  } catch (error) {
    return reject(ctx, record, object, error, ref);
  }
}
