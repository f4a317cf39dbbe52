import caseRollup from '../../schemas/case-rollup.schema.json' with { type: 'json' };
import caseSummary from '../../schemas/case-summary.schema.json' with { type: 'json' };
import contactText from '../../schemas/contact-text.schema.json' with { type: 'json' };
import errorRecord from '../../schemas/error-record.schema.json' with { type: 'json' };
import liveSegment from '../../schemas/live-segment.schema.json' with { type: 'json' };
import recordingInfo from '../../schemas/recording-info.schema.json' with { type: 'json' };
import stageMessage from '../../schemas/stage-message.schema.json' with { type: 'json' };
import summaryReadyMessage from '../../schemas/summary-ready-message.schema.json' with {
  type: 'json',
};
import transcript from '../../schemas/transcript.schema.json' with { type: 'json' };
import translation from '../../schemas/translation.schema.json' with { type: 'json' };
import * as compiled from './compiledSchemas';
import {
  type DocumentKind,
  type DocumentSchema,
  type DocumentTypes,
  isValid as isValidAgainst,
  schemaProblems as problemsAgainst,
  validateDocument as validateAgainst,
} from './documentValidation';

/**
 * Every published schema by kind, for scripts and tests that pick the kind at run time
 * (`npm run validate-documents`). Lambda code imports `compiledSchemas` by name instead, so
 * its bundle holds only the validators it uses.
 */

export type { DocumentKind, DocumentTypes } from './documentValidation';

/** The JSON Schema documents as published in schemas/. */
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
    'live-segment': liveSegment,
  });

export const DOCUMENT_KINDS = Object.freeze(Object.keys(documentSchemas) as DocumentKind[]);

export function isDocumentKind(value: string): value is DocumentKind {
  return Object.hasOwn(documentSchemas, value);
}

export const compiledSchemas: Readonly<Record<DocumentKind, DocumentSchema>> = Object.freeze({
  'recording-info': compiled.recordingInfo,
  transcript: compiled.transcript,
  translation: compiled.translation,
  'case-summary': compiled.caseSummary,
  'case-rollup': compiled.caseRollup,
  'error-record': compiled.errorRecord,
  'stage-message': compiled.stageMessage,
  'summary-ready-message': compiled.summaryReadyMessage,
  'contact-text': compiled.contactText,
  'live-segment': compiled.liveSegment,
});

/** One `<json-pointer>: <reason>` entry per failure; empty when the document is valid. */
export function schemaProblems(kind: DocumentKind, doc: unknown): string[] {
  return problemsAgainst(compiledSchemas[kind], doc);
}

/** Throws SchemaViolationError, listing the failing paths, unless `doc` matches the schema. */
export function validateDocument<K extends DocumentKind>(
  kind: K,
  doc: unknown,
): asserts doc is DocumentTypes[K] {
  validateAgainst(compiledSchemas[kind] as DocumentSchema<K>, doc);
}

export function isValid<K extends DocumentKind>(kind: K, doc: unknown): doc is DocumentTypes[K] {
  return isValidAgainst(compiledSchemas[kind] as DocumentSchema<K>, doc);
}
