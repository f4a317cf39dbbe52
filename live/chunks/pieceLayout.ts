/**
 * Where live audio pieces lie in the recordings bucket. One folder per call:
 *
 *   <root><call>/pieces/<seq>.wav   audio, seq 0, 1, 2, … (decimal, zero-padded to 8 digits)
 *   <root><call>/call.meta.json     optional sidecar: case and contact ids, languages, agent channel
 *   <root><call>/end.json           end-of-call marker: {"pieces": N}
 *
 * Recorders upload under `live/<call>/` (one path segment, a safe id); the AudioHook bridge
 * persists its calls under `live-audiohook/<case>/<contact>/`. Neither is under the recordings
 * prefix, so no piece is ever ingested as a recording of its own.
 */
import { LIVE_AUDIO_ROOT } from '../../functions/core/erasure/caseData';

export const RECORDER_ROOT = 'live/';
// Erasure sweeps the bridge's folder of a case (functions/core/erasure/caseData.ts).
export const BRIDGE_ROOT = LIVE_AUDIO_ROOT;

const PIECE = /\/pieces\/(\d{1,9})\.wav$/;

export function pieceKey(callPrefix: string, seq: number): string {
  return `${callPrefix}pieces/${String(seq).padStart(8, '0')}.wav`;
}

export function endMarkerKey(callPrefix: string): string {
  return `${callPrefix}end.json`;
}

/** Sidecar of a recorder's call, read like a recording's `<name>.meta.json`. */
export function callSidecarKey(callPrefix: string): string {
  return `${callPrefix}call.meta.json`;
}

/** The sequence number of a piece key; undefined for any other key. */
export function pieceSeq(key: string): number | undefined {
  const match = PIECE.exec(key);
  return match ? Number(match[1]) : undefined;
}

/** The call prefix (`live/<call>/`) a recorder's key belongs to; undefined outside the layout. */
export function recorderCallPrefix(key: string): string | undefined {
  if (!key.startsWith(RECORDER_ROOT)) return undefined;
  const call = key.slice(RECORDER_ROOT.length).split('/')[0];
  return call ? `${RECORDER_ROOT}${call}/` : undefined;
}

export function bridgeCallPrefix(ref: { case_id: string; contact_id: string }): string {
  return `${BRIDGE_ROOT}${ref.case_id}/${ref.contact_id}/`;
}

/** What the end-of-call marker says. */
export interface EndMarker {
  /** How many pieces the call has: seq 0 … pieces-1. */
  pieces: number;
}

export function parseEndMarker(input: unknown): EndMarker | undefined {
  const pieces = (input as { pieces?: unknown } | null)?.pieces;
  return typeof pieces === 'number' && Number.isInteger(pieces) && pieces >= 0
    ? { pieces }
    : undefined;
}
