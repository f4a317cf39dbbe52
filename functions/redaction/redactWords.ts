import type { Word } from '../shared/documents';
import { redactText } from './redact';
import type { Redaction } from './types';

interface Span {
  start: number;
  end: number;
}

// How far ahead of the previous word a word may be found before we call it unaligned.
const MAX_SKIP = 32;

/** Character span of each word in the turn text, in order; undefined when it cannot be found. */
function alignWords(text: string, words: readonly Word[]): (Span | undefined)[] {
  let cursor = 0;
  return words.map((word) => {
    const at = word.text ? text.indexOf(word.text, cursor) : -1;
    if (at < 0 || at - cursor > MAX_SKIP) return undefined;
    cursor = at + word.text.length;
    return { start: at, end: cursor };
  });
}

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

/** Maps an offset of the original text into the redacted text (placeholders replace spans). */
function offsetMapper(redactions: readonly Redaction[]) {
  const shiftBefore = (offset: number): number => {
    let shift = 0;
    for (const r of redactions)
      if (r.end <= offset) shift += r.placeholder.length - (r.end - r.start);
    return shift;
  };
  return (offset: number, side: 'start' | 'end'): number => {
    const inside = redactions.find((r) => r.start < offset && offset < r.end);
    if (!inside) return offset + shiftBefore(offset);
    const placeholderStart = inside.start + shiftBefore(inside.start);
    return side === 'start' ? placeholderStart : placeholderStart + inside.placeholder.length;
  };
}

/** Word index ranges [first, last] that cover one or more redactions; chained ranges merged. */
function clusters(spans: readonly (Span | undefined)[], redactions: readonly Redaction[]) {
  const ranges: [number, number][] = [];
  for (const redaction of redactions) {
    const hit = spans.flatMap((span, i) => (span && overlaps(span, redaction) ? [i] : []));
    if (hit.length === 0) continue;
    const range: [number, number] = [hit[0] as number, hit[hit.length - 1] as number];
    const last = ranges[ranges.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else ranges.push(range);
  }
  return ranges;
}

/**
 * Mirrors the text redactions in the timed words: the words covering a redacted span collapse
 * into one word that holds the placeholder and spans their whole time, so playback stays aligned.
 * A word that cannot be aligned is dropped when its time lies inside a redacted span, and is
 * otherwise redacted on its own (defence in depth: it may disagree with the turn text).
 */
export function redactWords(
  text: string,
  redactedText: string,
  words: readonly Word[],
  redactions: readonly Redaction[],
  path: string,
): { words: Word[]; redactions: Redaction[] } {
  const spans = alignWords(text, words);
  const ranges = clusters(spans, redactions);
  const mapOffset = offsetMapper(redactions);
  const out: Word[] = [];
  const extra: Redaction[] = [];
  const insideRedactedTime = (word: Word) =>
    ranges.some(
      ([a, b]) => word.start >= (words[a] as Word).start && word.end <= (words[b] as Word).end,
    );
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as Word;
    const range = ranges.find(([a]) => a === i);
    const span = spans[i];
    if (range) {
      const [a, b] = range;
      const group = words.slice(a, b + 1);
      const from = mapOffset((spans[a] as Span).start, 'start');
      const to = mapOffset((spans[b] as Span).end, 'end');
      const merged: Word = {
        text: redactedText.slice(from, to),
        start: word.start,
        end: (words[b] as Word).end,
      };
      const confidences = group.flatMap((w) => (w.confidence === undefined ? [] : [w.confidence]));
      if (confidences.length > 0) merged.confidence = Math.min(...confidences);
      out.push(merged);
      i = b;
    } else if (span) {
      out.push({ ...word });
    } else if (!insideRedactedTime(word)) {
      const own = redactText(word.text, `${path}[${i}].text`);
      extra.push(...own.redactions);
      out.push({ ...word, text: own.text });
    }
  }
  return { words: out, redactions: extra };
}
