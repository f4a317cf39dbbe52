import { createHash } from 'node:crypto';
import type { ContactRef, Provenance, SpeakerRole } from '../../functions/shared/documents';

/**
 * One utterance of a live call, recognised and translated while the call runs. Stored at
 * `cases/<case>/contacts/<contact>/live/<key>.json` (schemas/live-segment.schema.json).
 */
export interface LiveSegment {
  schema_version: string;
  case_id: string;
  contact_id: string;
  /** Deterministic from contact, channel and start: a repeated utterance finds its own segment. */
  utterance_id: string;
  /** Channel index as negotiated in the AudioHook session (0 external, 1 internal). */
  channel: number;
  speaker: SpeakerRole;
  /** Seconds from the start of the stream. */
  start: number;
  end: number;
  /** Language spoken (BCP 47 primary tag). */
  language: string;
  /** What was recognised, in the spoken language. */
  text: string;
  /** The text in the other party's language; absent when both speak the same language. */
  translation?: { language: string; text: string };
  case_worker_language: string;
  caller_language: string;
  provenance: { speech_to_text: Provenance; translation?: Provenance };
  /** Milliseconds from the end of the utterance in the stream to this segment being ready. */
  latency_ms: number;
  created_at: string;
}

/** Segments sort by start, then channel: the order the conversation happened in. */
export function liveSegmentKey(ref: ContactRef, channel: number, startSeconds: number): string {
  const ms = String(Math.round(startSeconds * 1000)).padStart(10, '0');
  return `cases/${ref.case_id}/contacts/${ref.contact_id}/live/${ms}-${channel}.json`;
}

export function liveSegmentPrefix(ref: ContactRef): string {
  return `cases/${ref.case_id}/contacts/${ref.contact_id}/live/`;
}

/** A UUID-shaped id derived from contact, channel and start (the Transcription Connector wants UUIDs). */
export function utteranceId(ref: ContactRef, channel: number, startSeconds: number): string {
  const hex = createHash('sha256')
    .update(`${ref.case_id}/${ref.contact_id}/${channel}/${Math.round(startSeconds * 1000)}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
