/**
 * Shapes of every document the pipeline writes or passes between stages.
 * Persisted and wire documents use snake_case: they are a contract with case systems.
 */

import type { Redaction } from '../redaction/types';

/** One personal identifier replaced by a placeholder: category and place, never the value. */
export type { Redaction, RedactionType } from '../redaction/types';

export type SpeakerRole = 'agent' | 'caller' | 'unknown';
export type StageName = 'ingest' | 'transcribe' | 'translate' | 'summarize' | 'publish';

/** 1.1 added languages per turn, two translation views, due dates, per-turn sentiment, closed steps. */
export const SCHEMA_VERSION = '1.1';

/** Where an AI result came from, attached to every AI-produced artifact. */
export interface Provenance {
  provider: string;
  model: string;
  endpoint_host?: string;
  model_version?: string;
  prompt_version?: string;
  latency_ms: number;
}

export interface ObjectPointer {
  bucket: string;
  key: string;
  version_id?: string;
}

export interface ContactRef {
  case_id: string;
  contact_id: string;
}

export type ContactChannel = 'call' | 'chat' | 'email';
export type TelephonyLayout = 'generic' | 'amazon-connect' | 'genesys-cloud' | 'pattern';

/** Written by ingest: what was received and what it is. */
export interface RecordingInfo extends ContactRef {
  schema_version: string;
  /** What kind of contact this is; absent in documents written before chat and e-mail. */
  channel?: ContactChannel;
  source: ObjectPointer & { size: number; etag?: string; sha256: string };
  /** Present for calls; chat and e-mail contacts have none. */
  audio?: {
    container: string;
    codec: string;
    sample_rate: number;
    channels: number;
    bits_per_sample?: number;
    duration_seconds: number;
  };
  /** `agent`: the agent's language when metadata names it (else the case worker's is expected). */
  languages: { caller?: string; case_worker: string; agent?: string };
  /** Zero-based channel index (as text) to speaker role, for stereo recordings. */
  channel_roles: Record<string, SpeakerRole>;
  metadata_sources: string[];
  /** How the telephony system delivered the call (key layout) and what it said about it. */
  telephony?: {
    layout: TelephonyLayout;
    /** When the call started, from the key or the telephony metadata (RFC 3339). */
    started_at?: string;
    /** The telephony system's id of the whole conversation (Genesys), when it has one. */
    conversation_id?: string;
    /** The telephony system's media type, e.g. "call" (Genesys `mediaType`, lower-cased). */
    media_type?: string;
  };
  received_at: string;
}

export interface Word {
  text: string;
  start: number;
  end: number;
  confidence?: number;
}

export interface Turn {
  index: number;
  speaker: SpeakerRole;
  channel?: number;
  start: number;
  end: number;
  text: string;
  /** Language of the turn: the provider's detection, else the channel's expected language. */
  language?: string;
  words?: Word[];
}

export interface Transcript extends ContactRef {
  schema_version: string;
  language: string;
  duration_seconds: number;
  turns: Turn[];
  /**
   * What redaction replaced in `turns[].text` and `turns[].words[].text`, offsets into the text
   * as recognised. Present when redaction ran (empty when it found nothing), absent when disabled.
   */
  redactions?: Redaction[];
  ai_generated: true;
  provenance: Provenance;
}

export type TranslatedTurnStatus = 'translated' | 'copied' | 'not-translated';

export interface TranslatedTurn {
  index: number;
  speaker: SpeakerRole;
  start: number;
  end: number;
  text: string;
  /** The language the turn was spoken or written in. */
  source_language?: string;
  status?: TranslatedTurnStatus;
  /** Why a turn was not translated. */
  reason?: string;
}

export interface Translation extends ContactRef {
  schema_version: string;
  source_language: string;
  target_language: string;
  turns: TranslatedTurn[];
  /**
   * The placeholders in the translated turns: carried over from the transcript (offsets into its
   * turn text) or found in the translated text itself (offsets into the engine's output).
   */
  redactions?: Redaction[];
  ai_generated: true;
  provenance: Provenance;
}

export interface NextStep {
  action: string;
  owner: 'authority' | 'citizen' | 'unknown';
  /** The deadline as stated. */
  due?: string;
  /** `due` resolved to a calendar date (YYYY-MM-DD) from the contact's start. */
  due_date?: string;
}

export type SentimentLabel = 'positive' | 'neutral' | 'negative';
/** A label, or `not-assessed` when no method exists for the language (never a guess). */
export type AssessedSentiment = SentimentLabel | 'not-assessed';

export interface TurnSentiment {
  index: number;
  speaker: SpeakerRole;
  language?: string;
  label: AssessedSentiment;
  method: string;
}

/** An open step of the case that a contact reports done. */
export interface CompletedStep {
  step_id: string;
  method: 'llm' | 'term-overlap';
  evidence?: string;
}

/** The summary fields in one language. */
export interface SummaryContent {
  reason_for_contact: string;
  key_facts: string[];
  next_steps: NextStep[];
  open_questions: string[];
}

export interface Sentiment {
  overall: AssessedSentiment;
  per_speaker: Partial<Record<SpeakerRole, AssessedSentiment>>;
  method: string;
  per_turn?: TurnSentiment[];
}

export interface CaseSummary extends ContactRef {
  schema_version: string;
  languages: { spoken: string; case_worker: string; caller: string };
  /** Summary in the case worker's language. */
  summary: SummaryContent;
  /** The same summary in the caller's language (identical when the languages match). */
  caller_summary: SummaryContent;
  sentiment: Sentiment;
  sources: {
    recording: ObjectPointer;
    transcript: ObjectPointer;
    translation?: ObjectPointer;
    caller_translation?: ObjectPointer;
  };
  /** When the contact started; orders the roll-up and anchors due dates. */
  started_at?: string;
  /** Open steps of the case this contact reports done. */
  completed_steps?: CompletedStep[];
  /**
   * What redaction removed from `summary` and `caller_summary` (paths `summary.key_facts[1]`,
   * `caller_summary.reason_for_contact`, ...): a finding in the spoken-language summary is listed
   * under each summary made from it, one in a translated summary under that summary alone.
   */
  redactions?: Redaction[];
  ai_generated: true;
  review_status: 'pending' | 'approved' | 'corrected';
  provenance: {
    speech_to_text: Provenance;
    translation?: Provenance;
    summarization: Provenance;
    summary_translation?: Provenance;
  };
  created_at: string;
}

/** Written instead of an output when an input can never succeed. */
export interface ErrorRecord {
  schema_version: string;
  stage: StageName;
  code: string;
  message: string;
  input: ObjectPointer | { message_id: string };
  case_id?: string;
  contact_id?: string;
  occurred_at: string;
}

/** Message between internal stages: which contact, and the artifact the next stage reads. */
export interface StageMessage extends ContactRef {
  artifact: ObjectPointer;
}

/** Outbound message to case systems on the summary-ready queue. */
export interface SummaryReadyMessage extends ContactRef {
  schema_version: string;
  type: 'case-summary-ready';
  summary: ObjectPointer;
  sha256: string;
  languages: CaseSummary['languages'];
  ready_at: string;
}
