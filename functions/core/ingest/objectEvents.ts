import { InvalidMessageError } from '../../shared/errors';
import * as z from '../../shared/zod';
import { type CreatedObject, decodeS3Key } from './s3Event';

/**
 * What one SQS message body on the ingest queue says about created objects. Three envelopes
 * reach the queue:
 * - an S3 event notification sent directly (`{ Records: [...] }`, or the `s3:TestEvent`),
 * - an EventBridge event from S3 (`source: aws.s3`, `detail-type: Object Created`): how the
 *   stack wires the recordings bucket (infra/constructs/RecordingsToQueue.ts),
 * - either of them wrapped in an SNS notification (`Type: Notification`, the event as the
 *   JSON string `Message`), for buckets that notify a topic the queue subscribes to.
 * Each record stands on its own: a malformed one becomes its own `malformed` entry, and the
 * others are still ingested.
 */
export type ObjectEvent =
  | { readonly kind: 'created'; readonly object: CreatedObject }
  /** Not an object to ingest (a folder marker, a deletion, another event type): skipped. */
  | { readonly kind: 'skipped'; readonly reason: string }
  /** `record` is the record's index in the message. */
  | { readonly kind: 'malformed'; readonly record: number; readonly error: InvalidMessageError };

const s3Record = z.object({
  eventSource: z.literal('aws:s3'),
  eventName: z.string(),
  eventTime: z.optional(z.string()),
  s3: z.object({
    bucket: z.object({ name: z.string().check(z.minLength(1)) }),
    object: z.object({
      key: z.string().check(z.minLength(1)),
      size: z.optional(z.number()),
      versionId: z.optional(z.string()),
    }),
  }),
});

const eventBridgeDetail = z.object({
  bucket: z.object({ name: z.string().check(z.minLength(1)) }),
  object: z.object({
    key: z.string().check(z.minLength(1)),
    size: z.optional(z.number()),
    'version-id': z.optional(z.string()),
  }),
});

const envelope = z.union([
  z.object({ Records: z.array(z.unknown()) }),
  // Sent once when a notification configuration is saved; carries no object.
  z.object({ Event: z.literal('s3:TestEvent') }),
  z.object({
    source: z.literal('aws.s3'),
    'detail-type': z.string(),
    time: z.optional(z.string()),
    detail: z.unknown(),
  }),
  z.object({ Type: z.literal('Notification'), Message: z.string() }),
]);

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidMessageError(`${what} is not JSON`, { cause: error });
  }
}

/** Console "Create folder" writes an empty object whose key ends in '/': not a recording. */
const isFolderMarker = (key: string, size: number | undefined) => key.endsWith('/') && size === 0;

function createdObject(
  bucket: string,
  encodedKey: string,
  fields: Omit<CreatedObject, 'bucket' | 'key'>,
): ObjectEvent {
  let key: string;
  try {
    key = decodeS3Key(encodedKey);
  } catch (error) {
    throw new InvalidMessageError('S3 event key is not valid URL encoding', { cause: error });
  }
  if (isFolderMarker(key, fields.size)) return { kind: 'skipped', reason: 'folder marker' };
  return {
    kind: 'created',
    object: {
      bucket,
      key,
      ...(fields.versionId !== undefined ? { versionId: fields.versionId } : {}),
      ...(fields.size !== undefined ? { size: fields.size } : {}),
      ...(fields.eventTime !== undefined ? { eventTime: fields.eventTime } : {}),
    },
  };
}

function fromS3Record(raw: unknown): ObjectEvent {
  const record = s3Record.safeParse(raw);
  if (!record.success) throw new InvalidMessageError('S3 event record has an unexpected shape');
  if (!record.data.eventName.startsWith('ObjectCreated:')) {
    return { kind: 'skipped', reason: `event ${record.data.eventName}` };
  }
  const { bucket, object } = record.data.s3;
  return createdObject(bucket.name, object.key, {
    versionId: object.versionId,
    size: object.size,
    eventTime: record.data.eventTime,
  });
}

function fromEventBridge(detailType: string, rawDetail: unknown, time?: string): ObjectEvent {
  if (detailType !== 'Object Created') return { kind: 'skipped', reason: `event ${detailType}` };
  const detail = eventBridgeDetail.safeParse(rawDetail);
  if (!detail.success) {
    throw new InvalidMessageError('EventBridge S3 event detail has an unexpected shape');
  }
  const { bucket, object } = detail.data;
  return createdObject(bucket.name, object.key, {
    versionId: object['version-id'],
    size: object.size,
    eventTime: time,
  });
}

/** A failure of one record becomes its entry; anything else is a bug and propagates. */
function settle(record: number, parse: () => ObjectEvent): ObjectEvent {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof InvalidMessageError)) throw error;
    return { kind: 'malformed', record, error };
  }
}

function eventsOf(json: unknown, wrapped: boolean): ObjectEvent[] {
  const parsed = envelope.safeParse(json);
  if (!parsed.success) {
    throw new InvalidMessageError(
      'message is not an S3 event notification, an EventBridge S3 event or an SNS notification of either',
    );
  }
  const body = parsed.data;
  if ('Records' in body) return body.Records.map((raw, i) => settle(i, () => fromS3Record(raw)));
  if ('Event' in body) return [];
  if ('detail' in body) {
    return [settle(0, () => fromEventBridge(body['detail-type'], body.detail, body.time))];
  }
  // SNS: one level only, so a message cannot nest envelopes without end.
  if (wrapped) throw new InvalidMessageError('SNS notification wraps another SNS notification');
  return eventsOf(parseJson(body.Message, 'SNS Message'), true);
}

/**
 * The events of one ingest-queue message body. Throws InvalidMessageError only when the body as a
 * whole is unusable (not JSON, no known envelope); a bad record inside a good envelope is returned
 * as `malformed` beside the good ones.
 */
export function parseObjectEvents(body: string): ObjectEvent[] {
  return eventsOf(parseJson(body, 'message body'), false);
}

/** The objects a message announces, ignoring malformed records: for tools and tests. */
export function createdObjectsOf(body: string): CreatedObject[] {
  return parseObjectEvents(body).flatMap((event) =>
    event.kind === 'created' ? [event.object] : [],
  );
}
