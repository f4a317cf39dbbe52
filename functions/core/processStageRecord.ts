import { assertSafeId } from '../shared/artifactKeys';
import type { StageMessage, StageName } from '../shared/documents';
import { InvalidMessageError, PermanentError } from '../shared/errors';
import * as z from '../shared/zod';
import { CaseErasedError } from './erasure/erasureGuard';
import { recordPermanentFailure, type StageContext } from './stageContext';

const stageMessageSchema = z.object({
  case_id: z.string().check(z.minLength(1)),
  contact_id: z.string().check(z.minLength(1)),
  artifact: z.object({ bucket: z.string(), key: z.string(), version_id: z.optional(z.string()) }),
});

export interface QueueRecord {
  messageId: string;
  body: string;
}

export function parseStageMessage(body: string): StageMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new InvalidMessageError('message body is not JSON', { cause: error });
  }
  const parsed = stageMessageSchema.safeParse(json);
  if (!parsed.success) throw new InvalidMessageError('message is not a stage message');
  // Ids become key segments: refuse path characters before any key is built from them.
  assertSafeId('case_id', parsed.data.case_id);
  assertSafeId('contact_id', parsed.data.contact_id);
  return parsed.data;
}

/**
 * Runs one queue record through a stage. Permanent failures become an error record and the
 * record is acknowledged; anything else is rethrown so the queue retries it (and, after the
 * configured receives, moves it to the dead-letter queue).
 */
export async function processStageRecord(
  ctx: StageContext,
  stage: StageName,
  record: QueueRecord,
  work: (message: StageMessage) => Promise<unknown>,
): Promise<void> {
  let message: StageMessage;
  try {
    message = parseStageMessage(record.body);
  } catch (error) {
    if (!(error instanceof PermanentError)) throw error;
    const input = { message_id: record.messageId };
    await recordPermanentFailure(ctx, stage, error, input, `messages/${record.messageId}`);
    return;
  }
  // No paid work for an erased case; the store and queue refuse its writes anyway.
  if (await ctx.isErased?.(message.case_id)) throw new CaseErasedError();
  try {
    const started = Date.now();
    await work(message);
    // Ids only: keys and texts may carry personal data and never reach the logs.
    ctx.log.info('record processed', {
      stage,
      caseId: message.case_id,
      contactId: message.contact_id,
      durationMs: Date.now() - started,
    });
  } catch (error) {
    if (!(error instanceof PermanentError)) throw error;
    // Filed under the case, so erasing the case erases the record too (erasure/caseData.ts).
    const id = `cases/${message.case_id}/${message.contact_id}`;
    await recordPermanentFailure(ctx, stage, error, message.artifact, id, message);
  }
}
