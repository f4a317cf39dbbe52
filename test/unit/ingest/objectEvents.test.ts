import { describe, expect, it } from 'vitest';
import { createdObjectsOf, parseObjectEvents } from '../../../functions/core/ingest/objectEvents';
import { decodeS3Key } from '../../../functions/core/ingest/s3Event';
import { InvalidMessageError } from '../../../functions/shared/errors';
import {
  encodeS3EventKey,
  s3EventBridgeEvent,
  s3EventNotification,
} from '../../../local/s3EventBridge';

const REGION = 'eusc-de-east-1';
const sns = (message: unknown) => ({
  Type: 'Notification',
  MessageId: 'sns-1',
  TopicArn: 'arn:aws-eusc:sns:eusc-de-east-1:123456789012:recordings',
  Subject: 'Amazon S3 Notification',
  Message: JSON.stringify(message),
  Timestamp: '2026-11-22T10:00:00.000Z',
});

describe('Function: parseObjectEvents', () => {
  it('decodes URL-encoded keys with + for spaces, as real S3 sends them', () => {
    // Prepare
    const event = s3EventNotification('b', 'recordings/x', 1, 'e', REGION);
    event.Records[0]!.s3.object.key =
      'connect/alias/CallRecordings/2026/11/22/abc_20261122T10%3A15_UTC+copy%C3%A9.wav';

    // Act
    const [object] = createdObjectsOf(JSON.stringify(event));

    // Assess
    expect(object?.key).toBe(
      'connect/alias/CallRecordings/2026/11/22/abc_20261122T10:15_UTC copyé.wav',
    );
  });

  it('round-trips keys through the local bridge encoding', () => {
    for (const key of ['recordings/a b+c.wav', 'recordings/ü/ä:1 (2).wav', 'recordings/%41.wav']) {
      expect(decodeS3Key(encodeS3EventKey(key))).toBe(key);
    }
  });

  it('returns the object of an EventBridge "Object Created" event with its version and time', () => {
    // Prepare
    const event = s3EventBridgeEvent('b', 'recordings/a b.wav', 42, 'e', REGION);
    const detail = event.detail.object as Record<string, unknown>;
    detail['version-id'] = 'v1';

    // Act
    const events = parseObjectEvents(JSON.stringify(event));

    // Assess
    expect(events).toEqual([
      {
        kind: 'created',
        object: {
          bucket: 'b',
          key: 'recordings/a b.wav',
          size: 42,
          versionId: 'v1',
          eventTime: event.time,
        },
      },
    ]);
  });

  it('unwraps an SNS notification of a direct S3 notification or of an EventBridge event', () => {
    const direct = s3EventNotification('b', 'recordings/one.wav', 1, 'e', REGION);
    const bridged = s3EventBridgeEvent('b', 'recordings/two.wav', 1, 'e', REGION);
    expect(createdObjectsOf(JSON.stringify(sns(direct))).map((o) => o.key)).toEqual([
      'recordings/one.wav',
    ]);
    expect(createdObjectsOf(JSON.stringify(sns(bridged))).map((o) => o.key)).toEqual([
      'recordings/two.wav',
    ]);
  });

  it('returns a malformed entry for a bad record beside the good ones', () => {
    // Prepare
    const good = s3EventNotification('b', 'recordings/good.wav', 1, 'e', REGION).Records[0];
    const badKey = structuredClone(good)!;
    badKey.s3.object.key = 'recordings/%E0%A4%A.wav';
    const body = JSON.stringify({ Records: [{ eventSource: 'aws:s3' }, good, badKey] });

    // Act
    const events = parseObjectEvents(body);

    // Assess
    expect(events.map((event) => event.kind)).toEqual(['malformed', 'created', 'malformed']);
    expect(events[0]).toMatchObject({ record: 0, error: expect.any(InvalidMessageError) });
    expect(events[2]).toMatchObject({ record: 2 });
  });

  it('skips console folder markers, deletions and other EventBridge events', () => {
    const folder = s3EventBridgeEvent('b', 'recordings/2026/', 0, 'e', REGION);
    const deleted = { ...s3EventBridgeEvent('b', 'recordings/x.wav', 1, 'e', REGION) };
    deleted['detail-type'] = 'Object Deleted';
    const removal = s3EventNotification('b', 'recordings/x.wav', 1, 'e', REGION);
    removal.Records[0]!.eventName = 'ObjectRemoved:Delete';
    for (const body of [folder, deleted, removal]) {
      expect(parseObjectEvents(JSON.stringify(body))).toEqual([
        { kind: 'skipped', reason: expect.any(String) },
      ]);
    }
  });

  it('keeps a non-empty object whose key ends in a slash', () => {
    const event = s3EventBridgeEvent('b', 'recordings/odd/', 10, 'e', REGION);
    expect(createdObjectsOf(JSON.stringify(event))).toHaveLength(1);
  });

  it('returns nothing for the s3:TestEvent sent when notifications are configured', () => {
    expect(
      parseObjectEvents(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' })),
    ).toEqual([]);
  });

  it('rejects bodies that are no known envelope as permanent errors', () => {
    expect(() => parseObjectEvents('not json')).toThrow(InvalidMessageError);
    expect(() => parseObjectEvents('{"hello":1}')).toThrow(InvalidMessageError);
    expect(() => parseObjectEvents(JSON.stringify(sns(sns({}))))).toThrow(InvalidMessageError);
    expect(() => parseObjectEvents(JSON.stringify({ Type: 'Notification', Message: '{' }))).toThrow(
      InvalidMessageError,
    );
  });
});
