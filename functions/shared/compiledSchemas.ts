import type { DocumentSchema } from './documentValidation';
import { schema as caseRollup_ } from './schemaData/case-rollup';
import { schema as caseSummary_ } from './schemaData/case-summary';
import { schema as contactText_ } from './schemaData/contact-text';
import { schema as errorRecord_ } from './schemaData/error-record';
import { schema as liveSegment_ } from './schemaData/live-segment';
import { schema as recordingInfo_ } from './schemaData/recording-info';
import { schema as stageMessage_ } from './schemaData/stage-message';
import { schema as summaryReadyMessage_ } from './schemaData/summary-ready-message';
import { schema as transcript_ } from './schemaData/transcript';
import { schema as translation_ } from './schemaData/translation';
import { schemaChecker } from './schemaInterpreter';

/**
 * The published schemas as data (`npm run generate-validators`), each with its checker. Import
 * this module as a namespace (`import * as schemas from`): the bundler keeps only the schemas a
 * function names (each checker is marked pure, so an unused one and its schema are dropped).
 */
export const recordingInfo: DocumentSchema<'recording-info'> = {
  kind: 'recording-info',
  problems: /* @__PURE__ */ schemaChecker(recordingInfo_),
};
export const transcript: DocumentSchema<'transcript'> = {
  kind: 'transcript',
  problems: /* @__PURE__ */ schemaChecker(transcript_),
};
export const translation: DocumentSchema<'translation'> = {
  kind: 'translation',
  problems: /* @__PURE__ */ schemaChecker(translation_),
};
export const caseSummary: DocumentSchema<'case-summary'> = {
  kind: 'case-summary',
  problems: /* @__PURE__ */ schemaChecker(caseSummary_),
};
export const caseRollup: DocumentSchema<'case-rollup'> = {
  kind: 'case-rollup',
  problems: /* @__PURE__ */ schemaChecker(caseRollup_),
};
export const errorRecord: DocumentSchema<'error-record'> = {
  kind: 'error-record',
  problems: /* @__PURE__ */ schemaChecker(errorRecord_),
};
export const stageMessage: DocumentSchema<'stage-message'> = {
  kind: 'stage-message',
  problems: /* @__PURE__ */ schemaChecker(stageMessage_),
};
export const summaryReadyMessage: DocumentSchema<'summary-ready-message'> = {
  kind: 'summary-ready-message',
  problems: /* @__PURE__ */ schemaChecker(summaryReadyMessage_),
};
export const contactText: DocumentSchema<'contact-text'> = {
  kind: 'contact-text',
  problems: /* @__PURE__ */ schemaChecker(contactText_),
};

export const liveSegment: DocumentSchema<'live-segment'> = {
  kind: 'live-segment',
  problems: /* @__PURE__ */ schemaChecker(liveSegment_),
};
