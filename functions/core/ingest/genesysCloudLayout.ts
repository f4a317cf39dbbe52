import { InvalidMetadataError } from '../../shared/errors';
import type { ObjectStore } from '../../shared/ports';
import * as z from '../../shared/zod';
import type { KeyFacts } from './telephonyLayouts';

/**
 * Genesys Cloud's S3 recording export (recording bulk actions):
 * `<orgId>/year=YYYY/month=MM/day=DD/hour=HH/conversation_id=<id>/<recordingId>.<ext>`, with
 * `<recordingId>_metadata.json` beside each recording. A conversation may hold several
 * recordings (trunk, station, consult): each is one contact, and the conversation is the case.
 */
const GENESYS_KEY =
  /(?:^|\/)year=(\d{4})\/month=(\d{1,2})\/day=(\d{1,2})\/hour=(\d{1,2})\/conversation_id=([^/]+)\/([^/]+)\.[A-Za-z0-9]+$/;

export const GENESYS_METADATA_SUFFIX = '_metadata.json';

/** Conversation details can be long (participants, segments); still far from a payload. */
const MAX_METADATA_BYTES = 1024 * 1024;

const pad = (value: string) => value.padStart(2, '0');

export function matchGenesysCloudKey(key: string): KeyFacts | undefined {
  const match = GENESYS_KEY.exec(key);
  if (!match) return undefined;
  const [, year, month = '', day = '', hour = '', conversationId = '', recordingId = ''] = match;
  const directory = key.slice(0, key.lastIndexOf('/') + 1);
  const startedAt = new Date(`${year}-${pad(month)}-${pad(day)}T${pad(hour)}:00:00Z`);
  return {
    layout: 'genesys-cloud',
    metadata: { case_id: conversationId, contact_id: recordingId },
    // The export's partitions hold the hour only; the metadata document refines it.
    ...(Number.isNaN(startedAt.getTime()) ? {} : { startedAt: startedAt.toISOString() }),
    conversationId,
    metadataDocumentKey: `${directory}${recordingId}${GENESYS_METADATA_SUFFIX}`,
    awaitsMetadata: true,
  };
}

const attributes = z.record(z.string(), z.unknown());
const participant = z.looseObject({
  purpose: z.optional(z.string()),
  attributes: z.optional(attributes),
  participantData: z.optional(attributes),
});
const genesysMetadata = z.looseObject({
  conversationId: z.optional(z.string()),
  mediaType: z.optional(z.string()),
  conversationStartTime: z.optional(z.string()),
  conversationStart: z.optional(z.string()),
  startTime: z.optional(z.string()),
  attributes: z.optional(attributes),
  participantData: z.optional(attributes),
  participants: z.optional(z.array(participant)),
});

export interface GenesysMetadata {
  /** Fields in the shape of our own metadata, to be validated and merged like a sidecar. */
  metadata: Record<string, string | number>;
  startedAt?: string;
  mediaType?: string;
}

const firstString = (records: Array<Record<string, unknown> | undefined>, names: string[]) => {
  for (const record of records) {
    for (const name of names) {
      const value = record?.[name];
      if (typeof value === 'string' && value.trim() !== '') return value.trim();
    }
  }
  return undefined;
};

/** `en-US` -> `en`; anything that is not a language tag (Genesys skill names such as "English") is dropped. */
function languageOf(tag: string | undefined): string | undefined {
  const primary = tag?.split(/[-_]/)[0]?.toLowerCase();
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
}

/**
 * Maps what we can of a Genesys metadata document (see README, "Genesys Cloud"): the case id
 * and language from participant data (conversation-level first, then the customer's), the
 * conversation start, the media type. An explicit `agent_channel` is honoured; Genesys itself
 * does not say which channel holds whom, so otherwise `channelRoles` applies.
 */
export function mapGenesysMetadata(json: unknown, source: string): GenesysMetadata {
  const parsed = genesysMetadata.safeParse(json);
  if (!parsed.success) {
    throw new InvalidMetadataError(`Genesys metadata ${source} has an unexpected shape`);
  }
  const doc = parsed.data;
  const customer = doc.participants?.find((p) => p.purpose?.toLowerCase() === 'customer');
  const places = [
    doc.participantData,
    doc.attributes,
    customer?.participantData,
    customer?.attributes,
  ];
  const caseId = firstString(places, ['caseId', 'case_id']);
  const language = languageOf(firstString(places, ['language', 'languageCode', 'locale']));
  const agentChannel = (json as Record<string, unknown>).agent_channel;
  const start = doc.conversationStartTime ?? doc.conversationStart ?? doc.startTime;
  const startedAt = start === undefined ? undefined : new Date(start);
  return {
    metadata: {
      ...(caseId ? { case_id: caseId } : {}),
      ...(language ? { caller_language: language } : {}),
      ...(typeof agentChannel === 'number' || typeof agentChannel === 'string'
        ? { agent_channel: agentChannel }
        : {}),
    },
    ...(startedAt && !Number.isNaN(startedAt.getTime())
      ? { startedAt: startedAt.toISOString() }
      : {}),
    ...(doc.mediaType ? { mediaType: doc.mediaType.toLowerCase() } : {}),
  };
}

/** Reads and maps `<recordingId>_metadata.json`; undefined while it has not arrived. */
export async function readGenesysMetadata(
  store: ObjectStore,
  bucket: string,
  key: string,
): Promise<GenesysMetadata | undefined> {
  const head = await store.head(bucket, key);
  if (!head) return undefined;
  if (head.size > MAX_METADATA_BYTES) {
    throw new InvalidMetadataError(
      `Genesys metadata ${key} is ${head.size} bytes; the limit is ${MAX_METADATA_BYTES}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(await store.getBytes(bucket, key)));
  } catch (error) {
    throw new InvalidMetadataError(`Genesys metadata ${key} is not valid JSON`, { cause: error });
  }
  return mapGenesysMetadata(json, key);
}
