// Written by the live bridge (live/), which runs beside the pipeline, not in it.
import type { LiveSegment } from '../../live/calls/liveSegment';
import type { CaseRollup } from '../core/caseRollup/caseRollupDocument';
import type { ContactText } from '../core/ingest/contactText';
import type {
  CaseSummary,
  ErrorRecord,
  RecordingInfo,
  StageMessage,
  SummaryReadyMessage,
  Transcript,
  Translation,
} from './documents';
import { SchemaViolationError } from './schemaViolation';

/** The TypeScript shape each published schema (schemas/*.schema.json) describes. */
export interface DocumentTypes {
  'recording-info': RecordingInfo;
  transcript: Transcript;
  translation: Translation;
  'case-summary': CaseSummary;
  'case-rollup': CaseRollup;
  'error-record': ErrorRecord;
  'stage-message': StageMessage;
  'summary-ready-message': SummaryReadyMessage;
  /** Input, not output: a chat or e-mail contact uploaded for ingest. */
  'contact-text': ContactText;
  /** Written by the live bridge during a call. */
  'live-segment': LiveSegment;
}

export type DocumentKind = keyof DocumentTypes;

/**
 * A published schema ready to check documents (functions/shared/compiledSchemas.ts). Code
 * passes the one it writes, so each Lambda bundle carries only the schemas its stage uses.
 */
export interface DocumentSchema<K extends DocumentKind = DocumentKind> {
  readonly kind: K;
  /** One `<json-pointer>: <reason>` entry per failure; empty when the document is valid. */
  readonly problems: (doc: unknown) => string[];
}

/** One `<json-pointer>: <reason>` entry per failure; empty when the document is valid. */
export function schemaProblems(schema: DocumentSchema, doc: unknown): string[] {
  return schema.problems(doc);
}

/** Throws SchemaViolationError, listing the failing paths, unless `doc` matches the schema. */
export function validateDocument<K extends DocumentKind>(
  schema: DocumentSchema<K>,
  doc: unknown,
): asserts doc is DocumentTypes[K] {
  const problems = schemaProblems(schema, doc);
  if (problems.length > 0) throw new SchemaViolationError(schema.kind, problems);
}

export function isValid<K extends DocumentKind>(
  schema: DocumentSchema<K>,
  doc: unknown,
): doc is DocumentTypes[K] {
  return schema.problems(doc).length === 0;
}
