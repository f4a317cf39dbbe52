import { InvalidMessageError } from '../../shared/errors';
import * as z from '../../shared/zod';

export interface CreatedObject {
  bucket: string;
  key: string;
  versionId?: string;
  size?: number;
  eventTime?: string;
}

const s3Record = z.object({
  eventSource: z.literal('aws:s3'),
  eventName: z.string(),
  eventTime: z.optional(z.string()),
  s3: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({
      key: z.string(),
      size: z.optional(z.number()),
      versionId: z.optional(z.string()),
    }),
  }),
});

const notification = z.union([
  z.object({ Records: z.array(z.unknown()) }),
  // Sent once when a notification configuration is saved; carries no object.
  z.object({ Event: z.literal('s3:TestEvent') }),
]);

/** S3 URL-encodes keys in events, with '+' for a space. */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/** Objects created according to one SQS message body from the S3 notification. */
export function parseS3Notification(body: string): CreatedObject[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new InvalidMessageError('message body is not JSON', { cause: error });
  }
  const parsed = notification.safeParse(json);
  if (!parsed.success) throw new InvalidMessageError('message is not an S3 event notification');
  if (!('Records' in parsed.data)) return [];
  const objects: CreatedObject[] = [];
  for (const raw of parsed.data.Records) {
    const record = s3Record.safeParse(raw);
    if (!record.success) throw new InvalidMessageError('S3 event record has an unexpected shape');
    if (!record.data.eventName.startsWith('ObjectCreated:')) continue;
    const { bucket, object } = record.data.s3;
    let key: string;
    try {
      key = decodeS3Key(object.key);
    } catch (error) {
      throw new InvalidMessageError('S3 event key is not valid URL encoding', { cause: error });
    }
    objects.push({
      bucket: bucket.name,
      key,
      versionId: object.versionId,
      size: object.size,
      eventTime: record.data.eventTime,
    });
  }
  return objects;
}
