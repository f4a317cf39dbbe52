import type { SpeakerRole, Turn } from '../../shared/documents';
import { COMMITMENT_CUES } from './nextSteps';

/**
 * Sentence-like pieces of a transcript. Speech recognisers write no punctuation, so a turn is cut
 * at punctuation when present, else at pauses between words, then at clause cues, then into
 * windows, which keeps every piece short enough to quote in a summary.
 */
export interface Chunk {
  /** Index in the transcript's chunk list. */
  order: number;
  /** Position among the non-empty turns. */
  turn: number;
  speaker: SpeakerRole;
  text: string;
  tokens: string[];
  /** Tokens joined and space-padded, so a phrase cue matches as ` i will `. */
  spaced: string;
  /** Whether its turn has punctuation, i.e. a '?' would have been written. */
  punctuated: boolean;
}

/** A silence this long between recognised words is taken as a sentence end in unpunctuated text. */
const PAUSE_SECONDS = 0.6;
/** Longer pieces are cut into windows of about WINDOW_WORDS. */
const MAX_CHUNK_WORDS = 30;
const WINDOW_WORDS = 25;
const list = (words: string): Set<string> => new Set(words.trim().split(/\s+/));
/** Words that belong to the clause after them ("and i will", "how can i"). */
const CLAUSE_OPENERS = list('and so but then how what when where why which who');
const CLAUSE_CUES: readonly string[][] = [
  // "send you" and "we can" sit inside clauses ("i will send you"), so they do not start one.
  ...COMMITMENT_CUES.filter((cue) => cue !== 'send you' && cue !== 'we can'),
  ...`do i|do you|do we|can i|can you|could you|could i|will i|will you|should i|is it|is there
  |are you|are there|when will|when can|when do|what do|what is|what about|how do|how long
  |how much|where do|where can|where is|why is|why do|why did`.split('|'),
].map((cue) => cue.trim().split(' '));

export function chunkTurns(turns: readonly Turn[]): Chunk[] {
  const chunks: Chunk[] = [];
  turns
    .filter((turn) => turn.text.trim() !== '')
    .forEach((turn, position) => {
      const punctuated = /[.!?]/.test(turn.text);
      const pieces = splitTurn(turn, punctuated);
      for (const text of (punctuated ? pieces : pieces.flatMap(splitAtCues)).flatMap(capLength)) {
        const tokens = tokenize(text);
        if (tokens.length === 0) continue;
        const spaced = ` ${tokens.join(' ')} `;
        chunks.push({
          order: chunks.length,
          turn: position,
          speaker: turn.speaker,
          text,
          tokens,
          spaced,
          punctuated,
        });
      }
    });
  return chunks;
}

/** Sentences by punctuation when the recogniser wrote any, else by pauses between words. */
function splitTurn(turn: Turn, punctuated: boolean): string[] {
  const text = turn.text.trim();
  if (punctuated) return text.split(/(?<=[.!?])\s+/);
  const words = turn.words?.filter((word) => word.text.trim() !== '') ?? [];
  if (words.length === 0) return [text];
  const pieces: string[][] = [];
  words.forEach((word, i) => {
    const previous = words[i - 1];
    if (!previous || word.start - previous.end > PAUSE_SECONDS) pieces.push([]);
    pieces.at(-1)?.push(word.text.trim());
  });
  return pieces.map((piece) => piece.join(' '));
}

/**
 * Unpunctuated speech runs several clauses together ("i will book ... and i will send ... do i
 * need ..."); a commitment or a question starts a new clause, its "and" or "so" going with it.
 */
function splitAtCues(text: string): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lower = words.map((word) => word.toLowerCase());
  const pieces: string[][] = [[]];
  lower.forEach((word, i) => {
    const current = pieces.at(-1) ?? [];
    const startsClause = CLAUSE_CUES.some((cue) => cue.every((part, k) => lower[i + k] === part));
    if (startsClause && current.length >= 3) {
      const joiner = CLAUSE_OPENERS.has(lower[i - 1] ?? '');
      pieces.push(joiner ? [current.pop() ?? ''] : []);
    }
    pieces.at(-1)?.push(words[i] ?? word);
  });
  return pieces.map((piece) => piece.join(' '));
}

/** Pause-less runs become even windows of about WINDOW_WORDS words. */
function capLength(text: string): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length <= MAX_CHUNK_WORDS) return [text];
  const size = Math.ceil(words.length / Math.ceil(words.length / WINDOW_WORDS));
  const windows: string[] = [];
  for (let i = 0; i < words.length; i += size) windows.push(words.slice(i, i + size).join(' '));
  return windows;
}

export function tokenize(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/’/g, "'")
      .match(/[\p{L}\p{N}]+(?:'\p{L}+)*/gu) ?? []
  );
}
