import { describe, expect, it } from 'vitest';
import { decodeS3Key, parseS3Notification } from '../../../functions/core/ingest/s3Event';
import { InvalidMessageError } from '../../../functions/shared/errors';
import { encodeS3EventKey, s3EventNotification } from '../../../local/s3EventBridge';

describe('Function: parseS3Notification', () => {
  it('decodes URL-encoded keys with + for spaces, as real S3 sends them', () => {
    const body = JSON.stringify(s3EventNotification('b', 'recordings/x', 1, 'e', 'eusc-de-east-1'));
    const event = JSON.parse(body);
    event.Records[0].s3.object.key =
      'connect/alias/CallRecordings/2026/11/22/abc_20261122T10%3A15_UTC+copy%C3%A9.wav';
    const [object] = parseS3Notification(JSON.stringify(event));
    expect(object?.key).toBe(
      'connect/alias/CallRecordings/2026/11/22/abc_20261122T10:15_UTC copyé.wav',
    );
  });

  it('round-trips keys through the local bridge encoding', () => {
    for (const key of ['recordings/a b+c.wav', 'recordings/ü/ä:1 (2).wav', 'recordings/%41.wav']) {
      expect(decodeS3Key(encodeS3EventKey(key))).toBe(key);
    }
  });

  it('returns nothing for the s3:TestEvent sent when notifications are configured', () => {
    expect(
      parseS3Notification(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' })),
    ).toEqual([]);
  });

  it('skips records that are not object creations', () => {
    const event = s3EventNotification('b', 'recordings/x.wav', 1, 'e', 'r');
    event.Records[0]!.eventName = 'ObjectRemoved:Delete';
    expect(parseS3Notification(JSON.stringify(event))).toEqual([]);
  });

  it('rejects bodies that are not S3 notifications as permanent errors', () => {
    expect(() => parseS3Notification('not json')).toThrow(InvalidMessageError);
    expect(() => parseS3Notification('{"hello":1}')).toThrow(InvalidMessageError);
  });
});
