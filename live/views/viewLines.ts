import type { LiveSegment } from '../calls/liveSegment';
import type { Audience } from './viewTokens';

/** One line as a view shows it: in the reader's language, with the original beside it. */
export interface ViewLine {
  id: string;
  speaker: 'caller' | 'agent' | 'unknown';
  start: number;
  end: number;
  language: string;
  text: string;
  /** What was said, when `text` is a translation of it. */
  original?: { language: string; text: string };
}

/**
 * The case worker reads everything in the case worker's language with the original beside it;
 * the citizen reads everything in the caller's language.
 */
export function viewLine(segment: LiveSegment, audience: Audience): ViewLine {
  const target =
    audience === 'case-worker' ? segment.case_worker_language : segment.caller_language;
  const base = {
    id: segment.utterance_id,
    speaker: segment.speaker,
    start: segment.start,
    end: segment.end,
  };
  const translated = segment.translation && segment.translation.language === target;
  if (!translated || !segment.translation) {
    return { ...base, language: segment.language, text: segment.text };
  }
  const line: ViewLine = { ...base, language: target, text: segment.translation.text };
  if (audience === 'case-worker')
    line.original = { language: segment.language, text: segment.text };
  return line;
}
