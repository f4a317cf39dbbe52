import { createHash } from 'node:crypto';
import { z } from 'zod';
import { assertSafeId } from '../../shared/artifactKeys';
import type { ContactRef, RecordingInfo, SpeakerRole } from '../../shared/documents';
import { InvalidMetadataError } from '../../shared/errors';
import type { PipelineConfig } from '../../shared/pipelineConfig';
import type { ObjectHead, ObjectStore } from '../../shared/ports';

/** Larger sidecars are rejected: metadata is a few hundred bytes, not a payload. */
const MAX_SIDECAR_BYTES = 64 * 1024;

const language = z.string().regex(/^[a-z]{2,3}$/, 'an ISO 639 code such as "en"');

/** Known fields; anything else a telephony system sends is kept out of the pipeline. */
const metadataSchema = z.object({
  case_id: z.string().optional(),
  contact_id: z.string().optional(),
  caller_language: language.optional(),
  case_worker_language: language.optional(),
  agent_channel: z.coerce.number().int().min(0).max(1).optional(),
});

export type RecordingMetadata = z.infer<typeof metadataSchema>;

export interface ResolvedMetadata {
  ref: ContactRef;
  languages: RecordingInfo['languages'];
  channelRoles: Record<string, SpeakerRole>;
  sources: string[];
}

/** Sidecar candidates: `call.wav.meta.json`, then `call.meta.json`. */
export function sidecarKeys(key: string): string[] {
  const withoutExtension = key.replace(/\.[^./]+$/, '');
  return [...new Set([`${key}.meta.json`, `${withoutExtension}.meta.json`])];
}

export function isSidecarKey(key: string): boolean {
  return key.endsWith('.meta.json');
}

async function readSidecar(store: ObjectStore, bucket: string, key: string) {
  for (const candidate of sidecarKeys(key)) {
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

function fromObjectMetadata(head: ObjectHead): Record<string, string> {
  // x-amz-meta-case-id arrives as `case-id`; field names use underscores.
  return Object.fromEntries(
    Object.entries(head.metadata).map(([k, v]) => [k.replace(/-/g, '_'), v]),
  );
}

function validate(source: string, input: unknown): RecordingMetadata {
  const result = metadataSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new InvalidMetadataError(`${source} metadata is invalid: ${problems}`);
  }
  return result.data;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * Case and contact ids, languages and channel roles of a recording. Sidecar fields are
 * overridden by the object's own x-amz-meta-* values, which travel with the very upload.
 * Without ids, they derive from the object key, so the same key always maps to the same contact.
 */
export async function resolveRecordingMetadata(
  store: ObjectStore,
  object: { bucket: string; key: string },
  head: ObjectHead,
  config: PipelineConfig,
): Promise<ResolvedMetadata> {
  const sources: string[] = [];
  const sidecar = await readSidecar(store, object.bucket, object.key);
  let merged: RecordingMetadata = {};
  if (sidecar) {
    if (typeof sidecar.json !== 'object' || sidecar.json === null || Array.isArray(sidecar.json)) {
      throw new InvalidMetadataError(`sidecar ${sidecar.key} must hold a JSON object`);
    }
    merged = validate(`sidecar ${sidecar.key}`, sidecar.json);
    sources.push(`sidecar:${sidecar.key}`);
  }
  const own = validate('object (x-amz-meta-*)', fromObjectMetadata(head));
  if (Object.values(own).some((v) => v !== undefined)) sources.push('object-metadata');
  merged = {
    ...merged,
    ...Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined)),
  };

  const keyHash = shortHash(`${object.bucket}/${object.key}`);
  const ref: ContactRef = {
    case_id: assertSafeId('case_id', merged.case_id ?? `case-${keyHash}`),
    contact_id: assertSafeId('contact_id', merged.contact_id ?? `contact-${keyHash}`),
  };
  const channelRoles: Record<string, SpeakerRole> =
    merged.agent_channel === undefined
      ? { ...config.channelRoles }
      : merged.agent_channel === 0
        ? { '0': 'agent', '1': 'caller' }
        : { '0': 'caller', '1': 'agent' };
  const caller = merged.caller_language ?? config.languages.defaultCaller;
  return {
    ref,
    languages: {
      ...(caller ? { caller } : {}),
      case_worker: merged.case_worker_language ?? config.languages.caseWorker,
    },
    channelRoles,
    sources,
  };
}
