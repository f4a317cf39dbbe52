import type { ContactRef, Provenance, Transcript, Turn } from '../../shared/documents';
import { SCHEMA_VERSION } from '../../shared/documents';
import type { ContactText } from './contactText';

/** What produced a transcript imported from text: no model, so nothing to attribute or pay. */
export const TEXT_IMPORT_PROVIDER = 'text-import';

const seconds = (ms: number) => Math.round(ms) / 1000;

/** Seconds from the start of the contact for each message, in the order written. */
function offsets(doc: ContactText): number[] {
  const dates = doc.messages
    .map((m) => (typeof m.time === 'string' ? Date.parse(m.time) : Number.NaN))
    .filter((t) => !Number.isNaN(t));
  const start = doc.started_at ? Date.parse(doc.started_at) : Math.min(...dates);
  return doc.messages.map((m) =>
    typeof m.time === 'number'
      ? m.time
      : // A message stamped before `started_at` (clock skew) counts from the start.
        Math.max(0, seconds(Date.parse(m.time) - start)),
  );
}

/**
 * The transcript of a chat or e-mail, built from its messages without speech-to-text: the
 * citizen is the caller, each message one turn at the time it was written (a turn without
 * duration), in time order.
 */
export function transcriptFromText(
  doc: ContactText,
  ref: ContactRef,
  language: string,
  started: number,
  languages: { agent?: string } = {},
): Transcript {
  const at = offsets(doc);
  const order = doc.messages.map((_, i) => i).sort((a, b) => (at[a] ?? 0) - (at[b] ?? 0));
  const turns: Turn[] = order.map((i, index) => {
    const message = doc.messages[i] as ContactText['messages'][number];
    const time = at[i] ?? 0;
    return {
      index,
      speaker: message.sender === 'agent' ? 'agent' : 'caller',
      start: time,
      end: time,
      text: message.text,
      // The message's own language, else the writer's: the citizen's or the agent's.
      ...(message.language
        ? { language: message.language }
        : message.sender === 'agent'
          ? languages.agent
            ? { language: languages.agent }
            : {}
          : doc.language
            ? { language: doc.language }
            : {}),
    };
  });
  const provenance: Provenance = {
    provider: TEXT_IMPORT_PROVIDER,
    model: 'none',
    latency_ms: Math.max(0, Math.round(performance.now() - started)),
  };
  return {
    schema_version: SCHEMA_VERSION,
    ...ref,
    language,
    duration_seconds: Math.max(0, ...at),
    turns,
    ai_generated: true,
    provenance,
  };
}
