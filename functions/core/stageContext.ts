import { errorKey, handoffKey } from '../shared/artifactKeys';
import * as schemas from '../shared/compiledSchemas';
import type { ContactRef, ErrorRecord, ObjectPointer, StageName } from '../shared/documents';
import { SCHEMA_VERSION } from '../shared/documents';
import {
  type DocumentKind,
  type DocumentSchema,
  type DocumentTypes,
  validateDocument,
} from '../shared/documentValidation';
import { InvalidMessageError, type PermanentError } from '../shared/errors';
import type { MessageQueue, ObjectStore } from '../shared/ports';
import type { ErasureCheck } from './erasure/erasureMarker';
import { type HandoffResult, handOffOnce } from './handOffOnce';
import type { StageMetrics } from './metricsPort';

/** Minimal logging surface the core needs; Powertools Logger and the local runner satisfy it. */
export interface Log {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

/** What every stage gets from its handler: storage, the next queue, and the clock. */
export interface StageContext {
  store: ObjectStore;
  queue: MessageQueue;
  resultsBucket: string;
  nextQueueUrl: string;
  log: Log;
  now: () => Date;
  handoffStaleMs: number;
  /**
   * Where the stage records what it did (see metricsPort.ts).
   * @default - nothing is recorded
   */
  metrics?: StageMetrics;
  /**
   * Whether a case was erased (erasure/erasureMarker.ts); asked before any paid work. Writes
   * and hand-offs are guarded in the store and queue themselves (erasure/erasureGuard.ts).
   * @default - not asked
   */
  isErased?: ErasureCheck;
}

/** Validates the next stage's message against its schema, then hands it on once. */
export function handOffToNext<K extends 'stage-message' | 'summary-ready-message'>(
  ctx: StageContext,
  stage: StageName,
  ref: ContactRef,
  schema: DocumentSchema<K>,
  message: DocumentTypes[K],
): Promise<HandoffResult> {
  validateDocument(schema, message);
  return handOffOnce(
    {
      store: ctx.store,
      bucket: ctx.resultsBucket,
      markerKey: handoffKey(ref, stage),
      staleAfterMs: ctx.handoffStaleMs,
      now: ctx.now,
    },
    () => ctx.queue.send(ctx.nextQueueUrl, message),
  );
}

/** Writes the error record for a permanent failure; its key is stable so retries overwrite it. */
export async function recordPermanentFailure(
  ctx: StageContext,
  stage: StageName,
  error: PermanentError,
  input: ObjectPointer | { message_id: string },
  inputId: string,
  ref?: ContactRef,
): Promise<ObjectPointer> {
  const record: ErrorRecord = {
    schema_version: SCHEMA_VERSION,
    stage,
    code: error.code,
    message: error.message,
    input,
    ...(ref ? { case_id: ref.case_id, contact_id: ref.contact_id } : {}),
    occurred_at: ctx.now().toISOString(),
  };
  const key = errorKey(stage, inputId);
  validateDocument(schemas.errorRecord, record);
  await ctx.store.putJson(ctx.resultsBucket, key, record);
  ctx.metrics?.add('ErrorRecords', 1);
  ctx.log.warn('input rejected permanently; error record written', {
    stage,
    code: error.code,
    errorRecord: key,
    ...(ref ?? {}),
  });
  return { bucket: ctx.resultsBucket, key };
}

/**
 * Returns the artifact at `key`, producing and storing it only when absent: a retried or
 * duplicated message finds the earlier output and does not pay for the AI call again.
 */
export async function produceOnce<K extends DocumentKind>(
  ctx: StageContext,
  schema: DocumentSchema<K>,
  key: string,
  produce: () => Promise<DocumentTypes[K]>,
): Promise<{ document: DocumentTypes[K]; reused: boolean }> {
  const existing = await ctx.store.getJson<DocumentTypes[K]>(ctx.resultsBucket, key);
  if (existing !== undefined) return { document: existing, reused: true };
  const document = await produce();
  // Nothing is written that a case system could not validate against schemas/.
  validateDocument(schema, document);
  await ctx.store.putJson(ctx.resultsBucket, key, document);
  return { document, reused: false };
}

/** Reads an artifact an earlier stage must have written; its absence is a broken message. */
export async function readRequired<T>(ctx: StageContext, key: string): Promise<T> {
  const document = await ctx.store.getJson<T>(ctx.resultsBucket, key);
  if (document === undefined) {
    throw new InvalidMessageError(
      `expected artifact s3://${ctx.resultsBucket}/${key} does not exist`,
    );
  }
  return document;
}
