import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import caseRollup from '../../schemas/case-rollup.schema.json' with { type: 'json' };
import caseSummary from '../../schemas/case-summary.schema.json' with { type: 'json' };
import contactText from '../../schemas/contact-text.schema.json' with { type: 'json' };
import errorRecord from '../../schemas/error-record.schema.json' with { type: 'json' };
import recordingInfo from '../../schemas/recording-info.schema.json' with { type: 'json' };
import stageMessage from '../../schemas/stage-message.schema.json' with { type: 'json' };
import summaryReadyMessage from '../../schemas/summary-ready-message.schema.json' with {
  type: 'json',
};
import transcript from '../../schemas/transcript.schema.json' with { type: 'json' };
import translation from '../../schemas/translation.schema.json' with { type: 'json' };
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

/**
 * The published JSON Schemas (schemas/*.schema.json), imported statically so esbuild bundles
 * them into each Lambda, and compiled once per process on first use (the schema tests compile
 * every one, so a broken schema fails CI, not a deployment).
 */

/** The TypeScript shape each schema describes. */
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
}

export type DocumentKind = keyof DocumentTypes;

export const documentSchemas: Readonly<Record<DocumentKind, Readonly<Record<string, unknown>>>> =
  Object.freeze({
    'recording-info': recordingInfo,
    transcript,
    translation,
    'case-summary': caseSummary,
    'case-rollup': caseRollup,
    'error-record': errorRecord,
    'stage-message': stageMessage,
    'summary-ready-message': summaryReadyMessage,
    'contact-text': contactText,
  });

export const DOCUMENT_KINDS = Object.freeze(Object.keys(documentSchemas) as DocumentKind[]);

export function isDocumentKind(value: string): value is DocumentKind {
  return Object.hasOwn(documentSchemas, value);
}

// allErrors: a case system fixing its fixtures wants every problem at once, not one per run.
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv, ['date-time']);

// Compiled on first use and kept: a stage validates two or three kinds, and compiling all of
// them at cold start costs every function the time of the ones it never uses.
const validators = new Map<DocumentKind, ValidateFunction>();

function validatorOf(kind: DocumentKind): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    validate = ajv.compile(documentSchemas[kind]);
    validators.set(kind, validate);
  }
  return validate;
}

function describeError(error: ErrorObject): string {
  const path = error.instancePath || '/';
  const at = (property: string) => `${error.instancePath}/${property}`;
  switch (error.keyword) {
    case 'required':
      return `${at(String(error.params.missingProperty))}: is required`;
    case 'additionalProperties':
      return `${at(String(error.params.additionalProperty))}: is not allowed`;
    case 'enum':
      return `${path}: must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${path}: must be ${JSON.stringify(error.params.allowedValue)}`;
    default:
      return `${path}: ${error.message ?? error.keyword}`;
  }
}

/** One `<json-pointer>: <reason>` entry per failure; empty when the document is valid. */
export function schemaProblems(kind: DocumentKind, doc: unknown): string[] {
  const validate = validatorOf(kind);
  if (validate(doc)) return [];
  return [...new Set((validate.errors ?? []).map(describeError))];
}

/** Throws SchemaViolationError, listing the failing paths, unless `doc` matches the schema. */
export function validateDocument<K extends DocumentKind>(
  kind: K,
  doc: unknown,
): asserts doc is DocumentTypes[K] {
  const problems = schemaProblems(kind, doc);
  if (problems.length > 0) throw new SchemaViolationError(kind, problems);
}

export function isValid<K extends DocumentKind>(kind: K, doc: unknown): doc is DocumentTypes[K] {
  return validatorOf(kind)(doc) === true;
}
