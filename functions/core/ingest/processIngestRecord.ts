import { createHash } from 'node:crypto';
import { PermanentError } from '../../shared/errors';
import type { QueueRecord } from '../processStageRecord';
import { recordPermanentFailure, type StageContext } from '../stageContext';
import { type IngestOutcome, type IngestSettings, ingestRecording } from './ingestRecording';
import { parseS3Notification } from './s3Event';

function idOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}

/** Runs every object of one S3 notification through ingest; see processStageRecord for outcomes. */
export async function processIngestRecord(
  ctx: StageContext,
  settings: IngestSettings,
  record: QueueRecord,
): Promise<IngestOutcome[]> {
  let objects: ReturnType<typeof parseS3Notification>;
  try {
    objects = parseS3Notification(record.body);
  } catch (error) {
    if (!(error instanceof PermanentError)) throw error;
    const input = { message_id: record.messageId };
    await recordPermanentFailure(ctx, 'ingest', error, input, `messages/${record.messageId}`);
    return [];
  }
  const outcomes: IngestOutcome[] = [];
  for (const object of objects) {
    try {
      const outcome = await ingestRecording(ctx, settings, object);
      outcomes.push(outcome);
      // The object key is logged only as a hash: file names from telephony may hold names.
      ctx.log.info('object ingested', {
        stage: 'ingest',
        status: outcome.status,
        objectId: idOf(`${object.bucket}/${object.key}`),
        ...('recording' in outcome
          ? { caseId: outcome.recording.case_id, contactId: outcome.recording.contact_id }
          : {}),
      });
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
      outcomes.push({ status: 'ignored', reason: `rejected: ${error.code}` });
    }
  }
  return outcomes;
}
