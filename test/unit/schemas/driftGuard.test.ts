import { describe, expect, it } from 'vitest';
import type { ContactText } from '../../../functions/core/ingest/contactText';
import { PLACEHOLDERS } from '../../../functions/redaction/types';
import type {
  CaseSummary,
  ErrorRecord,
  Provenance,
  RecordingInfo,
  StageMessage,
  SummaryContent,
  SummaryReadyMessage,
  Transcript,
  Translation,
} from '../../../functions/shared/documents';
import { SCHEMA_VERSION } from '../../../functions/shared/documents';
import {
  type DocumentKind,
  documentSchemas,
  schemaProblems,
} from '../../../functions/shared/schemas';

/**
 * Drift guard between functions/shared/documents.ts and schemas/. Each document below is typed
 * with its TypeScript shape, so tsc fails here when a type changes:
 * - `Complete<T>` makes every optional field required, so a field added to a type (optional or
 *   not) must be added below, and then the schema must accept it;
 * - the minimal documents hold only what the types require, so the schema must not require more.
 */
type Complete<T> = T extends readonly (infer U)[]
  ? Complete<U>[]
  : T extends object
    ? { [K in keyof T]-?: Complete<T[K]> }
    : T;

const ref = { case_id: 'BA-2026-118', contact_id: 'chat-0007' } as const;
const results = 'callbrief-results';
const prefix = `cases/${ref.case_id}/contacts/${ref.contact_id}/`;
const at = '2026-11-23T14:05:00.000Z';

const provenance: Complete<Provenance> = {
  provider: 'openai-compatible',
  model: 'mistral-small-latest',
  endpoint_host: 'api.mistral.ai',
  model_version: '2503',
  prompt_version: 'case-summary-v1',
  latency_ms: 1834,
};
const minimalProvenance: Provenance = { provider: 'apertium', model: 'eng-spa', latency_ms: 0 };

const recordingInfo: Complete<RecordingInfo> = {
  schema_version: SCHEMA_VERSION,
  ...ref,
  channel: 'call',
  source: {
    bucket: 'callbrief-recordings',
    key: 'recordings/chat-0007.ogg',
    version_id: 'v2',
    size: 812_331,
    etag: '"5d41402abc4b2a76b9719d911017c592"',
    sha256: 'a'.repeat(64),
  },
  audio: {
    container: 'ogg',
    codec: 'opus',
    sample_rate: 48_000,
    channels: 1,
    bits_per_sample: 16,
    duration_seconds: 41.3,
  },
  languages: { caller: 'ar', case_worker: 'de', agent: 'de' },
  channel_roles: { '0': 'caller' },
  metadata_sources: ['object-metadata'],
  telephony: {
    layout: 'genesys-cloud',
    started_at: at,
    conversation_id: 'c5f0e7a2-3b1d-4c8e-9f60-1a2b3c4d5e6f',
    media_type: 'call',
  },
  received_at: at,
};
// A chat or e-mail contact: text, so no audio.
const textRecordingInfo: RecordingInfo = {
  schema_version: SCHEMA_VERSION,
  ...ref,
  channel: 'chat',
  source: {
    bucket: 'callbrief-recordings',
    key: 'recordings/x.contact.json',
    size: 2,
    sha256: 'c'.repeat(64),
  },
  languages: { case_worker: 'de' },
  channel_roles: {},
  metadata_sources: [],
  received_at: at,
};
const contactText: Complete<ContactText> = {
  schema_version: SCHEMA_VERSION,
  channel: 'email',
  ...ref,
  language: 'ar',
  started_at: at,
  messages: [
    { sender: 'citizen', time: at, text: 'مرحبا', language: 'ar' },
    { sender: 'agent', time: 3600, text: 'Guten Tag', language: 'de' },
  ],
};
const minimalContactText: ContactText = {
  schema_version: SCHEMA_VERSION,
  channel: 'chat',
  messages: [{ sender: 'citizen', time: 0, text: 'Hallo' }],
};
const minimalRecordingInfo: RecordingInfo = {
  schema_version: SCHEMA_VERSION,
  ...ref,
  source: {
    bucket: 'callbrief-recordings',
    key: 'recordings/x.wav',
    size: 0,
    sha256: 'b'.repeat(64),
  },
  audio: { container: 'wav', codec: 'pcm', sample_rate: 8000, channels: 1, duration_seconds: 0 },
  languages: { case_worker: 'de' },
  channel_roles: {},
  metadata_sources: [],
  received_at: at,
};

const transcript: Complete<Transcript> = {
  schema_version: SCHEMA_VERSION,
  ...ref,
  language: 'ar',
  duration_seconds: 41.3,
  turns: [
    {
      index: 0,
      speaker: 'caller',
      channel: 0,
      start: 0.2,
      end: 2.9,
      text: 'مرحبا، أريد تجديد إقامتي',
      language: 'ar',
      words: [{ text: 'مرحبا', start: 0.2, end: 0.8, confidence: 0.91 }],
    },
  ],
  redactions: [{ type: 'IBAN', start: 12, end: 39, placeholder: '[IBAN]', path: 'turns[0].text' }],
  ai_generated: true,
  provenance,
};
const minimalTranscript: Transcript = {
  schema_version: SCHEMA_VERSION,
  ...ref,
  language: 'und',
  duration_seconds: 0,
  turns: [{ index: 0, speaker: 'unknown', start: 0, end: 0, text: '' }],
  ai_generated: true,
  provenance: minimalProvenance,
};

const translation: Complete<Translation> = {
  schema_version: SCHEMA_VERSION,
  ...ref,
  source_language: 'ar',
  target_language: 'de',
  turns: [
    {
      index: 0,
      speaker: 'caller',
      start: 0.2,
      end: 2.9,
      text: 'Hallo, ich möchte meinen Aufenthalt verlängern',
      source_language: 'ar',
      status: 'not-translated',
      reason: 'the provider cannot translate ar -> de',
    },
  ],
  redactions: [{ type: 'PHONE', start: 3, end: 18, placeholder: '[PHONE]', path: 'turns[0].text' }],
  ai_generated: true,
  provenance,
};

const content: Complete<SummaryContent> = {
  reason_for_contact: 'Verlängerung des Aufenthaltstitels',
  key_facts: ['Titel läuft am 31.12.2026 ab'],
  next_steps: [
    {
      action: 'Termin vereinbaren',
      owner: 'authority',
      due: 'bis Freitag',
      due_date: '2026-11-27',
    },
  ],
  open_questions: ['Liegt ein gültiger Pass vor?'],
};
const minimalContent: SummaryContent = {
  reason_for_contact: '',
  key_facts: [],
  next_steps: [{ action: 'Unterlagen nachreichen', owner: 'unknown' }],
  open_questions: [],
};

const caseSummary: Complete<CaseSummary> = {
  schema_version: SCHEMA_VERSION,
  ...ref,
  languages: { spoken: 'ar', case_worker: 'de', caller: 'ar' },
  summary: content,
  caller_summary: content,
  sentiment: {
    overall: 'neutral',
    per_speaker: { agent: 'positive', caller: 'neutral', unknown: 'not-assessed' },
    method: 'llm',
    per_turn: [
      { index: 0, speaker: 'caller', language: 'ar', label: 'not-assessed', method: 'none' },
    ],
  },
  sources: {
    recording: {
      bucket: 'callbrief-recordings',
      key: 'recordings/chat-0007.ogg',
      version_id: 'v2',
    },
    transcript: { bucket: results, key: `${prefix}transcript.json`, version_id: 'v1' },
    translation: { bucket: results, key: `${prefix}translation.de.json`, version_id: 'v1' },
    caller_translation: { bucket: results, key: `${prefix}translation.ar.json`, version_id: 'v1' },
  },
  started_at: at,
  completed_steps: [{ step_id: '0123456789abcdef', method: 'llm', evidence: 'Schon erledigt' }],
  redactions: [
    { type: 'EMAIL', start: 9, end: 33, placeholder: '[EMAIL]', path: 'summary.key_facts[0]' },
    {
      type: 'EMAIL',
      start: 9,
      end: 33,
      placeholder: '[EMAIL]',
      path: 'caller_summary.key_facts[0]',
    },
  ],
  ai_generated: true,
  review_status: 'pending',
  provenance: {
    speech_to_text: provenance,
    translation: provenance,
    summarization: provenance,
    summary_translation: provenance,
  },
  created_at: at,
};
const minimalCaseSummary: CaseSummary = {
  schema_version: SCHEMA_VERSION,
  ...ref,
  languages: { spoken: 'de', case_worker: 'de', caller: 'de' },
  summary: minimalContent,
  caller_summary: minimalContent,
  sentiment: { overall: 'neutral', per_speaker: {}, method: 'lexicon:callbrief-de-1' },
  sources: {
    recording: { bucket: 'callbrief-recordings', key: 'recordings/x.wav' },
    transcript: { bucket: results, key: `${prefix}transcript.json` },
  },
  ai_generated: true,
  review_status: 'pending',
  provenance: { speech_to_text: minimalProvenance, summarization: minimalProvenance },
  created_at: at,
};

const errorRecord: Complete<ErrorRecord> = {
  schema_version: SCHEMA_VERSION,
  stage: 'summarize',
  code: 'empty-transcript',
  message: 'the transcript holds no speech',
  input: { bucket: results, key: `${prefix}transcript.json`, version_id: 'v1' },
  case_id: ref.case_id,
  contact_id: ref.contact_id,
  occurred_at: at,
};
const minimalErrorRecord: ErrorRecord = {
  schema_version: SCHEMA_VERSION,
  stage: 'publish',
  code: 'invalid-message',
  message: 'message body is not JSON',
  input: { message_id: '0c9b5e1e-2f55-4d38-8a6b-7d0c4f0c2b11' },
  occurred_at: at,
};

const stageMessage: Complete<StageMessage> = {
  ...ref,
  artifact: { bucket: results, key: `${prefix}recording.json`, version_id: 'v1' },
};
const minimalStageMessage: StageMessage = {
  ...ref,
  artifact: { bucket: results, key: `${prefix}recording.json` },
};

const summaryReady: Complete<SummaryReadyMessage> = {
  schema_version: SCHEMA_VERSION,
  type: 'case-summary-ready',
  ...ref,
  summary: { bucket: results, key: `${prefix}summary.json`, version_id: 'v1' },
  sha256: 'c'.repeat(64),
  languages: { spoken: 'ar', case_worker: 'de', caller: 'ar' },
  ready_at: at,
};
const minimalSummaryReady: SummaryReadyMessage = {
  ...summaryReady,
  summary: { bucket: results, key: `${prefix}summary.json` },
};

const documents: Array<[DocumentKind, string, unknown]> = [
  ['recording-info', 'complete', recordingInfo],
  ['recording-info', 'minimal', minimalRecordingInfo],
  ['recording-info', 'text contact', textRecordingInfo],
  ['contact-text', 'complete', contactText],
  ['contact-text', 'minimal', minimalContactText],
  ['transcript', 'complete', transcript],
  ['transcript', 'minimal', minimalTranscript],
  ['translation', 'complete', translation],
  ['case-summary', 'complete', caseSummary],
  ['case-summary', 'minimal', minimalCaseSummary],
  ['error-record', 'complete', errorRecord],
  ['error-record', 'minimal', minimalErrorRecord],
  ['stage-message', 'complete', stageMessage],
  ['stage-message', 'minimal', minimalStageMessage],
  ['summary-ready-message', 'complete', summaryReady],
  ['summary-ready-message', 'minimal', minimalSummaryReady],
];

describe('Drift guard: documents.ts types against schemas/', () => {
  it.each(documents)(
    'the schema accepts a %s document typed as in documents.ts (%s)',
    (kind, _, doc) => {
      expect(schemaProblems(kind, doc)).toEqual([]);
    },
  );

  it.each(['transcript', 'translation', 'case-summary'] as const)(
    'the %s schema names exactly the redaction types and placeholders of the redaction module',
    (kind) => {
      // Prepare
      const defs = documentSchemas[kind].$defs as Record<string, { properties: object }>;
      const properties = defs.redaction?.properties as Record<string, { enum: string[] }>;

      // Assess
      expect(properties.type?.enum).toEqual(Object.keys(PLACEHOLDERS));
      expect(properties.placeholder?.enum).toEqual(Object.values(PLACEHOLDERS));
    },
  );

  it('writes the schema version the schemas accept', () => {
    expect(SCHEMA_VERSION).toMatch(/^1\.\d+$/);
  });
});
