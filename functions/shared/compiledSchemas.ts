import type { DocumentSchema } from './documentValidation';
import { validate as caseRollup_ } from './validators/case-rollup';
import { validate as caseSummary_ } from './validators/case-summary';
import { validate as contactText_ } from './validators/contact-text';
import { validate as errorRecord_ } from './validators/error-record';
import { validate as liveSegment_ } from './validators/live-segment';
import { validate as recordingInfo_ } from './validators/recording-info';
import { validate as stageMessage_ } from './validators/stage-message';
import { validate as summaryReadyMessage_ } from './validators/summary-ready-message';
import { validate as transcript_ } from './validators/transcript';
import { validate as translation_ } from './validators/translation';

/**
 * The published schemas, compiled by `npm run generate-validators`. Import this module as a
 * namespace (`import * as schemas from`): the bundler keeps only the schemas a function names.
 */
export const recordingInfo: DocumentSchema<'recording-info'> = {
  kind: 'recording-info',
  validate: recordingInfo_,
};
export const transcript: DocumentSchema<'transcript'> = {
  kind: 'transcript',
  validate: transcript_,
};
export const translation: DocumentSchema<'translation'> = {
  kind: 'translation',
  validate: translation_,
};
export const caseSummary: DocumentSchema<'case-summary'> = {
  kind: 'case-summary',
  validate: caseSummary_,
};
export const caseRollup: DocumentSchema<'case-rollup'> = {
  kind: 'case-rollup',
  validate: caseRollup_,
};
export const errorRecord: DocumentSchema<'error-record'> = {
  kind: 'error-record',
  validate: errorRecord_,
};
export const stageMessage: DocumentSchema<'stage-message'> = {
  kind: 'stage-message',
  validate: stageMessage_,
};
export const summaryReadyMessage: DocumentSchema<'summary-ready-message'> = {
  kind: 'summary-ready-message',
  validate: summaryReadyMessage_,
};
export const contactText: DocumentSchema<'contact-text'> = {
  kind: 'contact-text',
  validate: contactText_,
};

export const liveSegment: DocumentSchema<'live-segment'> = {
  kind: 'live-segment',
  validate: liveSegment_,
};
