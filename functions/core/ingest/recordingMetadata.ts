import { createHash } from 'node:crypto';
import { assertSafeId } from '../../shared/artifactKeys';
import type { ContactRef, RecordingInfo, SpeakerRole } from '../../shared/documents';
import { InvalidMetadataError } from '../../shared/errors';
import type { PipelineConfig } from '../../shared/pipelineConfig';
import type { ObjectHead, ObjectStore } from '../../shared/ports';
import * as z from '../../shared/zod';
import { GENESYS_METADATA_SUFFIX, readGenesysMetadata } from './genesysCloudLayout';
import { recogniseKeyLayout } from './telephonyLayouts';

/** Larger sidecars are rejected: metadata is a few hundred bytes, not a payload. */
const MAX_SIDECAR_BYTES = 64 * 1024;

const language = z.string().check(z.regex(/^[a-z]{2,3}$/, 'an ISO 639 code such as "en"'));

/** Known fields; anything else a telephony system sends is kept out of the pipeline. */
const metadataSchema = z.object({
  case_id: z.optional(z.string()),
  contact_id: z.optional(z.string()),
  caller_language: z.optional(language),
  case_worker_language: z.optional(language),
  /** The agent's language, when it is not the case worker's (e.g. an interpreter). */
  agent_language: z.optional(language),
  agent_channel: z.optional(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(1))),
});

export type RecordingMetadata = z.infer<typeof metadataSchema>;

export interface ResolvedMetadata {
  ref: ContactRef;
  languages: RecordingInfo['languages'];
  channelRoles: Record<string, SpeakerRole>;
  sources: string[];
  telephony: NonNullable<RecordingInfo['telephony']>;
  /**
   * The layout expects a metadata document (sidecar, Genesys `_metadata.json`), none is there
   * yet and the object's own metadata does not name the ids: a young recording may wait for it.
   */
  metadataMissing: boolean;
}

const withoutExtension = (key: string) => key.replace(/\.[^./]+$/, '');

/** Our own sidecar candidates: `call.wav.meta.json`, then `call.meta.json`. */
function genericSidecarKeys(key: string): string[] {
  return [...new Set([`${key}.meta.json`, `${withoutExtension(key)}.meta.json`])];
}

/**
 * Every metadata object that may accompany a recording: our sidecars and Genesys'
 * `<recordingId>_metadata.json`. Deleting or erasing a recording removes them all.
 */
export function sidecarKeys(key: string): string[] {
  return [...genericSidecarKeys(key), `${withoutExtension(key)}${GENESYS_METADATA_SUFFIX}`];
}

/** Metadata documents are read with their recording, never ingested as contacts themselves. */
export function isSidecarKey(key: string): boolean {
  return key.endsWith('.meta.json') || key.endsWith(GENESYS_METADATA_SUFFIX);
}

async function readSidecar(store: ObjectStore, bucket: string, key: string) {
  for (const candidate of genericSidecarKeys(key)) {
    const head = await store.head(bucket, candidate);
    if (!head) continue;
    if (head.size > MAX_SIDECAR_BYTES) {
      throw new InvalidMetadataError(
        `sidecar ${candidate} is ${head.size} bytes; the limit is ${MAX_SIDECAR_BYTES}`,
      );
    }
    const text = new TextDecoder().decode(await store.getBytes(bucket, candidate));
    try {
      return { key: candidate, json: JSON.parse(text) as unknown };
    } catch (error) {
      throw new InvalidMetadataError(`sidecar ${candidate} is not valid JSON`, { cause: error });
    }
  }
  return undefined;
}

function validate(source: string, input: unknown): RecordingMetadata {
  const result = metadataSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new InvalidMetadataError(`${source} metadata is invalid: ${problems}`);
  }
  return result.data;
}

/** The object's own x-amz-meta-* values, validated; `case-id` arrives as `case_id`. */
export function objectMetadata(head: ObjectHead): RecordingMetadata {
  const fields = Object.fromEntries(
    Object.entries(head.metadata).map(([k, v]) => [k.replace(/-/g, '_'), v]),
  );
  return validate('object (x-amz-meta-*)', fields);
}

/** Later layers win, but only with the fields they actually set. */
function overlay(base: RecordingMetadata, layer: RecordingMetadata): RecordingMetadata {
  return {
    ...base,
    ...Object.fromEntries(Object.entries(layer).filter(([, v]) => v !== undefined)),
  };
}

const hasAny = (metadata: RecordingMetadata) =>
  Object.values(metadata).some((v) => v !== undefined);

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Ids for a contact: from metadata, else derived from the key so the same key maps the same. */
export function contactRefOf(
  metadata: RecordingMetadata,
  object: { bucket: string; key: string },
): ContactRef {
  const keyHash = shortHash(`${object.bucket}/${object.key}`);
  return {
    case_id: assertSafeId('case_id', metadata.case_id ?? `case-${keyHash}`),
    contact_id: assertSafeId('contact_id', metadata.contact_id ?? `contact-${keyHash}`),
  };
}

/**
 * Case and contact ids, languages, channel roles and telephony facts of a recording, layered
 * from weakest to strongest: what the key layout implies, the layout's metadata document
 * (Genesys), our sidecar, and the object's own x-amz-meta-* values (which travel with the very
 * upload). Without ids, they derive from the object key.
 */
export async function resolveRecordingMetadata(
  store: ObjectStore,
  object: { bucket: string; key: string },
  head: ObjectHead,
  config: PipelineConfig,
): Promise<ResolvedMetadata> {
  const facts = recogniseKeyLayout(object.key, config.ingest);
  const sources: string[] = [];
  let merged: RecordingMetadata = {};
  if (facts.layout !== 'generic') {
    merged = validate(`key (${facts.layout} layout)`, facts.metadata);
    sources.push(`layout:${facts.layout}`);
  }
  const telephony: ResolvedMetadata['telephony'] = {
    layout: facts.layout,
    ...(facts.startedAt ? { started_at: facts.startedAt } : {}),
    ...(facts.conversationId ? { conversation_id: facts.conversationId } : {}),
  };
  const layoutDocument = facts.metadataDocumentKey
    ? await readGenesysMetadata(store, object.bucket, facts.metadataDocumentKey)
    : undefined;
  if (layoutDocument && facts.metadataDocumentKey) {
    const key = facts.metadataDocumentKey;
    merged = overlay(merged, validate(`Genesys ${key}`, layoutDocument.metadata));
    sources.push(`genesys-metadata:${key}`);
    if (layoutDocument.startedAt) telephony.started_at = layoutDocument.startedAt;
    if (layoutDocument.mediaType) telephony.media_type = layoutDocument.mediaType;
  }
  const sidecar = await readSidecar(store, object.bucket, object.key);
  if (sidecar) {
    if (typeof sidecar.json !== 'object' || sidecar.json === null || Array.isArray(sidecar.json)) {
      throw new InvalidMetadataError(`sidecar ${sidecar.key} must hold a JSON object`);
    }
    merged = overlay(merged, validate(`sidecar ${sidecar.key}`, sidecar.json));
    sources.push(`sidecar:${sidecar.key}`);
  }
  const own = objectMetadata(head);
  if (hasAny(own)) sources.push('object-metadata');
  merged = overlay(merged, own);

  const channelRoles: Record<string, SpeakerRole> =
    merged.agent_channel === undefined
      ? { ...config.channelRoles }
      : merged.agent_channel === 0
        ? { '0': 'agent', '1': 'caller' }
        : { '0': 'caller', '1': 'agent' };
  const caller = merged.caller_language ?? config.languages.defaultCaller;
  const ownIds = own.case_id !== undefined && own.contact_id !== undefined;
  return {
    ref: contactRefOf(merged, object),
    languages: {
      ...(caller ? { caller } : {}),
      case_worker: merged.case_worker_language ?? config.languages.caseWorker,
      ...(merged.agent_language ? { agent: merged.agent_language } : {}),
    },
    channelRoles,
    sources,
    telephony,
    metadataMissing: facts.awaitsMetadata && !layoutDocument && !sidecar && !ownIds,
  };
}
