import * as schemas from '../../shared/compiledSchemas';
import type { ContactRef, RecordingInfo } from '../../shared/documents';
import { schemaProblems } from '../../shared/documentValidation';
import { PermanentError } from '../../shared/errors';
import type { PipelineConfig } from '../../shared/pipelineConfig';
import type { ObjectHead, ObjectStore } from '../../shared/ports';
import { contactRefOf, objectMetadata } from './recordingMetadata';

/** A chat or e-mail contact as uploaded (schemas/contact-text.schema.json). */
export interface ContactText {
  schema_version: string;
  channel: 'chat' | 'email';
  case_id?: string;
  contact_id?: string;
  language?: string;
  started_at?: string;
  messages: ContactTextMessage[];
}

export interface ContactTextMessage {
  sender: 'agent' | 'citizen';
  /** RFC 3339 date-time, or seconds from the start of the contact. */
  time: string | number;
  text: string;
  /** The message's language, when it differs from its writer's. */
  language?: string;
}

/** The suffix routes an object to the text path; only its content makes it a contact. */
export const CONTACT_DOCUMENT_SUFFIX = '.contact.json';

/** A long e-mail thread is tens of kilobytes; anything near this is not a contact. */
const MAX_CONTACT_DOCUMENT_BYTES = 1024 * 1024;

export function isContactDocumentKey(key: string): boolean {
  return key.endsWith(CONTACT_DOCUMENT_SUFFIX);
}

function invalid(key: string, reason: string, cause?: unknown): PermanentError {
  return new PermanentError(
    'invalid-contact-document',
    `${key} is not a valid contact document (schemas/contact-text.schema.json): ${reason}`,
    cause === undefined ? undefined : { cause },
  );
}

/** Reads a contact document's JSON, without checking its shape yet. */
async function readContactJson(
  store: ObjectStore,
  bucket: string,
  key: string,
  size: number,
): Promise<unknown> {
  if (size > MAX_CONTACT_DOCUMENT_BYTES) {
    throw invalid(key, `${size} bytes; the limit is ${MAX_CONTACT_DOCUMENT_BYTES}`);
  }
  try {
    return JSON.parse(new TextDecoder().decode(await store.getBytes(bucket, key)));
  } catch (error) {
    throw invalid(key, 'not JSON', error);
  }
}

function validContactText(key: string, json: unknown): ContactText {
  const problems = schemaProblems(schemas.contactText, json);
  if (problems.length > 0) throw invalid(key, problems.slice(0, 5).join('; '));
  return json as ContactText;
}

/** Reads and validates a contact document; a malformed one can never succeed. */
export async function readContactText(
  store: ObjectStore,
  bucket: string,
  key: string,
  size: number,
): Promise<ContactText> {
  return validContactText(key, await readContactJson(store, bucket, key, size));
}

/** The ids a document names, read before its shape is checked: an invalid one names its case too. */
function namedIds(json: unknown): { case_id?: string; contact_id?: string } {
  if (typeof json !== 'object' || json === null) return {};
  const { case_id, contact_id } = json as Record<string, unknown>;
  return {
    ...(typeof case_id === 'string' ? { case_id } : {}),
    ...(typeof contact_id === 'string' ? { contact_id } : {}),
  };
}

export interface TextContactFacts {
  ref: ContactRef;
  channel: ContactText['channel'];
  languages: RecordingInfo['languages'];
  sources: string[];
  /** When the contact started: the document's `started_at`, else its earliest message time. */
  startedAt?: string;
}

/**
 * Ids and languages of a chat or e-mail contact: from the document, overridden by the object's
 * x-amz-meta-* values (as a sidecar is for calls), else derived from the key. `onCase` learns
 * the contact before the document's shape is checked, so a malformed document that names its
 * case is filed under that case.
 */
export async function describeTextContact(
  store: ObjectStore,
  object: { bucket: string; key: string },
  head: ObjectHead,
  config: PipelineConfig,
  onCase: (ref: ContactRef) => Promise<void> = async () => {},
): Promise<TextContactFacts> {
  const json = await readContactJson(store, object.bucket, object.key, head.size);
  const own = objectMetadata(head);
  const named = namedIds(json);
  await onCase(
    contactRefOf(
      { case_id: own.case_id ?? named.case_id, contact_id: own.contact_id ?? named.contact_id },
      object,
    ),
  );
  const doc = validContactText(object.key, json);
  const sources = [`contact-document:${object.key}`];
  if (Object.values(own).some((v) => v !== undefined)) sources.push('object-metadata');
  const caller = own.caller_language ?? doc.language ?? config.languages.defaultCaller;
  return {
    ref: contactRefOf(
      { case_id: own.case_id ?? doc.case_id, contact_id: own.contact_id ?? doc.contact_id },
      object,
    ),
    channel: doc.channel,
    languages: {
      ...(caller ? { caller } : {}),
      case_worker: own.case_worker_language ?? config.languages.caseWorker,
      ...(own.agent_language ? { agent: own.agent_language } : {}),
    },
    sources,
    ...(startOf(doc) ? { startedAt: startOf(doc) } : {}),
  };
}

function startOf(doc: ContactText): string | undefined {
  if (doc.started_at) return new Date(doc.started_at).toISOString();
  const times = doc.messages.flatMap((m) =>
    typeof m.time === 'string' ? [Date.parse(m.time)] : [],
  );
  const earliest = Math.min(...times.filter((t) => !Number.isNaN(t)));
  return Number.isFinite(earliest) ? new Date(earliest).toISOString() : undefined;
}
