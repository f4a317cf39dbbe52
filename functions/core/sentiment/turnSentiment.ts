import type {
  AssessedSentiment,
  Sentiment,
  SpeakerRole,
  Transcript,
  TurnSentiment,
} from '../../shared/documents';
import { LEXICONS, type Lexicon } from './lexicons';

/** A negator reaches this many words ahead; negation flips and damps, as VADER does. */
const NEGATION_SCOPE = 3;
const NEGATION_FACTOR = -0.75;
const INTENSIFIER_FACTOR = 1.5;
/** "but" / "aber" / "pero" end a negation's reach. */
const CONTRASTS = new Set(['but', 'aber', 'pero', 'sondern', 'sino']);

export function tokens(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/’/g, "'")
      .match(/[\p{L}\p{N}]+(?:'\p{L}+)*/gu) ?? []
  );
}

function valence(words: readonly string[], lexicon: Lexicon): number {
  let total = 0;
  let negatedUntil = -1;
  words.forEach((word, i) => {
    if (lexicon.negators.has(word)) negatedUntil = i + NEGATION_SCOPE;
    else if (CONTRASTS.has(word)) negatedUntil = -1;
    const value = lexicon.valence.get(word);
    if (!value) return;
    const intensified = lexicon.intensifiers.has(words[i - 1] ?? '')
      ? value * INTENSIFIER_FACTOR
      : value;
    total += i <= negatedUntil ? intensified * NEGATION_FACTOR : intensified;
  });
  return total;
}

/** Normalised by the square root of length, so one "great" does not make a long turn positive. */
function label(score: number, length: number): AssessedSentiment {
  const normalised = length === 0 ? 0 : score / Math.sqrt(length);
  if (normalised >= 0.5) return 'positive';
  return normalised <= -0.5 ? 'negative' : 'neutral';
}

const primary = (language: string | undefined) => language?.toLowerCase().split(/[-_]/)[0] ?? '';

/**
 * Sentiment of every turn in the language it was spoken in, with lexicons for English, German
 * and Spanish; a turn in any other language is "not-assessed" (never guessed from a
 * translation). Speakers and the whole contact add up their assessed turns; with none assessed
 * they are "not-assessed" too.
 */
export function lexiconTurnSentiment(transcript: Transcript): Sentiment {
  const totals = new Map<SpeakerRole | 'all', { score: number; length: number }>();
  const lexiconsUsed = new Set<string>();
  const per_turn = transcript.turns.map((turn): TurnSentiment => {
    const language = primary(turn.language ?? transcript.language);
    const lexicon = LEXICONS.get(language);
    const base = { index: turn.index, speaker: turn.speaker, ...(language ? { language } : {}) };
    if (!lexicon) {
      return { ...base, label: 'not-assessed', method: `none:no-lexicon-for-${language || 'und'}` };
    }
    lexiconsUsed.add(lexicon.name);
    const words = tokens(turn.text);
    const score = valence(words, lexicon);
    for (const key of ['all', turn.speaker] as const) {
      const total = totals.get(key) ?? { score: 0, length: 0 };
      totals.set(key, { score: total.score + score, length: total.length + words.length });
    }
    return { ...base, label: label(score, words.length), method: `lexicon:${lexicon.name}` };
  });
  const per_speaker: Sentiment['per_speaker'] = {};
  for (const turn of transcript.turns) {
    const total = totals.get(turn.speaker);
    per_speaker[turn.speaker] = total ? label(total.score, total.length) : 'not-assessed';
  }
  const all = totals.get('all');
  return {
    overall: all ? label(all.score, all.length) : 'not-assessed',
    per_speaker,
    method: lexiconsUsed.size > 0 ? `lexicon:${[...lexiconsUsed].sort().join('+')}` : 'none',
    per_turn,
  };
}
