import type { KeyFacts } from './telephonyLayouts';

/**
 * Amazon Connect call recordings:
 * `…/CallRecordings/YYYY/MM/DD/<contactId>_<YYYYMMDDTHH:MM>_UTC.wav` (the colon arrives
 * URL-encoded in S3 events; a '-' in its place is accepted for copies made on file systems that
 * forbid colons). Connect writes no metadata beside the audio (the contact record goes to
 * Kinesis), so the key is all there is: the contact id, the time, and Connect's fixed channel
 * layout (customer left, agent right).
 */
const CONNECT_KEY =
  /(?:^|\/)CallRecordings\/\d{4}\/\d{2}\/\d{2}\/([A-Za-z0-9][A-Za-z0-9-]*)_(\d{4})(\d{2})(\d{2})T(\d{2})[:-]?(\d{2})_UTC\.wav$/;

export function matchAmazonConnectKey(key: string): KeyFacts | undefined {
  const match = CONNECT_KEY.exec(key);
  if (!match) return undefined;
  const [, contactId = '', year, month, day, hour, minute] = match;
  const startedAt = new Date(`${year}-${month}-${day}T${hour}:${minute}:00Z`);
  return {
    layout: 'amazon-connect',
    metadata: {
      // Connect has no case; one contact is one case until metadata names the real one.
      case_id: `case-${contactId}`,
      contact_id: contactId,
      agent_channel: 1,
    },
    ...(Number.isNaN(startedAt.getTime()) ? {} : { startedAt: startedAt.toISOString() }),
    awaitsMetadata: false,
  };
}
