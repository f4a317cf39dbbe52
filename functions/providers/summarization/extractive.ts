import type { SummaryContent } from '../../shared/documents';
import { extractNextSteps } from './nextSteps';
import type {
  SummarizationProvider,
  SummarizationRequest,
  SummarizationResult,
} from './SummarizationProvider';
import { lexiconSentiment } from './sentimentLexicon';
import { type Chunk, chunkTurns } from './transcriptChunks';

export const NO_SPEECH = '(no speech recognised)';
/** Bump when the rules change, so a summary can be traced to the rules that made it. */
const RULES_VERSION = '1';

const MAX_FACTS = 5;
const MAX_QUESTIONS = 3;

const list = (words: string): Set<string> => new Set(words.trim().split(/\s+/));
const STOP_WORDS = list(`a about after again all am an and any are as at be because been before
  being both but by can could did do does doing down during each few for from further had has
  have having he her here him his how i i'm i'll i've i'd if in into is it it's its just me more
  most my no nor not now of off on once only or other our out over own same she should so some
  such than that that's the their them then there these they this those through to too under
  until up very was we we'll we're were what when where which while who whom why will with would
  you you'll you're your yes yeah okay ok um uh er erm hmm mm oh hello hi bye goodbye thank
  thanks please well right alright sure got get going know like want need also really actually
  calling call let's let see`);
const HESITATIONS = list('um uh er erm hmm mm ah eh');
/** Openers dropped from the start of a displayed sentence ("okay so i will ..." -> "I will ..."). */
const OPENERS = list(`um uh er erm hmm mm ah eh so and but okay ok yeah yes well oh also then now
  right alright hello hi hey just`);
const TIMES_OF_DAY = list('morning afternoon evening day');
const NUMBER_WORDS = list(`zero one two three four five six seven eight nine ten eleven twelve
  twenty thirty forty fifty hundred thousand`);
const REQUEST_CUES = `i would like|i'd like|i want|i wanted|i need|i am calling|i'm calling
  |calling about|calling because|calling to|calling regarding|my question|i have a question
  |can you help|could you help|i was wondering|apply|register|renew|complaint`
  .split('|')
  .map((cue) => cue.trim());
const QUESTION_STARTS = list(`what when where how why which who whom whose can could do does did
  is are was were will would should may am have has`);
/** Agent replies made only of these close the call rather than answer a question. */
const CLOSING = list(`thank thanks you bye goodbye welcome have a nice good day great okay ok
  alright right um uh hmm mm for calling your you're too take care`);

export class ExtractiveSummarizer implements SummarizationProvider {
  readonly type = 'extractive';
  /** Its cue words are English: other languages get a generic, much weaker summary. */
  readonly languages = ['en'] as const;

  async summarize({ transcript }: SummarizationRequest): Promise<SummarizationResult> {
    const started = performance.now();
    const english = transcript.language.toLowerCase().split(/[-_]/)[0] === 'en';
    const chunks = chunkTurns(transcript.turns);
    const summary = summarizeChunks(chunks, english);
    return {
      summary,
      sentiment: english
        ? lexiconSentiment(chunks)
        : {
            overall: 'neutral',
            per_speaker: {},
            method: `none:no-lexicon-for-${transcript.language}`,
          },
      provenance: {
        provider: 'extractive',
        model: english ? 'extractive-rules-en' : 'extractive-generic',
        model_version: RULES_VERSION,
        latency_ms: Math.round(performance.now() - started),
      },
    };
  }
}

function summarizeChunks(chunks: Chunk[], english: boolean): SummaryContent {
  if (chunks.length === 0) {
    return { reason_for_contact: NO_SPEECH, key_facts: [], next_steps: [], open_questions: [] };
  }
  const stopWords = english ? STOP_WORDS : frequentWords(chunks);
  const content = chunks.map((chunk) =>
    chunk.tokens.filter((t) => t.length > 2 && !stopWords.has(t) && !/^\d+$/.test(t)),
  );
  const scores = scoreChunks(chunks, content);
  // The caller states the reason; without roles, whoever speaks first stands in for the caller.
  const hasCaller = chunks.some((chunk) => chunk.speaker === 'caller');
  const citizen = chunks.filter((c) => c.speaker === (hasCaller ? 'caller' : chunks[0]?.speaker));
  const used = new Set<number>();

  const reason = findReason(chunks, citizen, scores, english);
  for (const chunk of reason) used.add(chunk.order);

  const questions = openQuestions(chunks, citizen, english).filter((c) => !used.has(c.order));
  for (const chunk of questions) used.add(chunk.order);

  const stepCandidates = english
    ? chunks.filter((c) => !used.has(c.order) && !(c.speaker !== 'agent' && isQuestion(c, true)))
    : [];
  const { steps, used: stepIndices } = extractNextSteps(
    stepCandidates.map((chunk) => ({ speaker: chunk.speaker, text: tidy(chunk.text) })),
  );
  for (const index of stepIndices) used.add(stepCandidates[index]?.order ?? -1);

  const facts: number[] = [];
  const byScore = chunks.filter(
    (c) => !used.has(c.order) && (scores[c.order] ?? 0) > 0 && !isQuestion(c, english),
  );
  byScore.sort((a, b) => (scores[b.order] ?? 0) - (scores[a.order] ?? 0) || a.order - b.order);
  for (const chunk of byScore) {
    if (facts.length === MAX_FACTS) break;
    const words = content[chunk.order] ?? [];
    if (facts.some((other) => overlap(content[other] ?? [], words) >= 0.6)) continue;
    facts.push(chunk.order);
  }
  facts.sort((a, b) => a - b);

  return {
    reason_for_contact: tidy(reason.map((chunk) => chunk.text).join(' ')),
    key_facts: facts.map((order) => tidy(chunks[order]?.text ?? '')),
    next_steps: steps,
    open_questions: questions.map((c) => tidy(c.text).replace(/[\s.!?]*$/, '?')),
  };
}

function findReason(chunks: Chunk[], citizen: Chunk[], scores: number[], english: boolean) {
  const early = citizen.slice(0, Math.max(4, Math.ceil(citizen.length * 0.4)));
  const cued = english
    ? early.find((c) => REQUEST_CUES.some((cue) => c.spaced.includes(` ${cue} `)))
    : undefined;
  if (cued) {
    // "i am calling about" cut off by a pause: the next piece of the turn says what about.
    const next = chunks[cued.order + 1];
    return next && next.turn === cued.turn && cued.tokens.length < 8 ? [cued, next] : [cued];
  }
  const best = early.reduce<Chunk | undefined>(
    (top, c) => ((scores[c.order] ?? 0) > (top ? (scores[top.order] ?? 0) : 0) ? c : top),
    undefined,
  );
  const fallback = best ?? early[0];
  return fallback ? [fallback] : [];
}

/** Citizen questions nobody answered: the next turn is not the agent's, or only closes the call. */
function openQuestions(chunks: Chunk[], citizen: Chunk[], english: boolean): Chunk[] {
  const hasAgent = chunks.some((chunk) => chunk.speaker === 'agent');
  const open = citizen.filter((question) => {
    if (!isQuestion(question, english)) return false;
    // Without an agent to answer, only questions near the end can be told to be still open.
    if (!hasAgent) return question.order >= chunks.length * 0.7;
    // The reply is the next turn by someone else: a recogniser often cuts one speaker's talk
    // into several turns.
    const replyTurn = chunks.find((c) => c.turn > question.turn && c.speaker !== question.speaker);
    const reply = chunks.filter((c) => c.turn === replyTurn?.turn);
    return !(replyTurn?.speaker === 'agent' && reply.some((c) => !isClosing(c)));
  });
  return open.slice(-MAX_QUESTIONS);
}

function isQuestion(chunk: Chunk, english: boolean): boolean {
  if (/[?？]\s*$/.test(chunk.text)) return true;
  if (chunk.punctuated || !english || chunk.tokens.length < 3) return false;
  const first = chunk.tokens.find((token) => !OPENERS.has(token));
  return first !== undefined && QUESTION_STARTS.has(first);
}

function isClosing(chunk: Chunk): boolean {
  return chunk.tokens.every((token) => CLOSING.has(token));
}

/**
 * Words the call keeps coming back to (each repeat counts; a word said once, often a recognition
 * error, counts little), plus a bonus for numbers (case numbers, amounts), a bias toward the opening.
 */
function scoreChunks(chunks: Chunk[], content: string[][]): number[] {
  const frequency = new Map<string, number>();
  for (const words of content) for (const w of words) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const last = Math.max(1, chunks.length - 1);
  return chunks.map((chunk, i) => {
    const words = content[i] ?? [];
    const unique = new Set(words);
    const number = chunk.tokens.some((t) => /\d/.test(t) || NUMBER_WORDS.has(t));
    const recurring = [...unique].some((w) => (frequency.get(w) ?? 0) > 1);
    if (!number && (unique.size < 2 || !recurring)) return 0;
    let sum = number ? 1.5 : 0;
    for (const w of unique) sum += (frequency.get(w) ?? 1) - 0.75;
    return (sum / Math.sqrt(Math.max(1, words.length))) * (1 + 0.3 * (1 - i / last));
  });
}

/**
 * Without a stop list for the language: short words, and in long calls words in most sentences.
 * Short calls keep their frequent words, which there are the topic ("vivienda"), not grammar.
 */
function frequentWords(chunks: Chunk[]): Set<string> {
  const documents = new Map<string, number>();
  for (const chunk of chunks) {
    for (const token of new Set(chunk.tokens)) {
      documents.set(token, (documents.get(token) ?? 0) + 1);
    }
  }
  const limit = chunks.length >= 20 ? chunks.length * 0.5 : Number.POSITIVE_INFINITY;
  return new Set(
    [...documents].filter(([token, n]) => token.length <= 3 || n > limit).map(([token]) => token),
  );
}

/** For display: hesitations and openers dropped, first letter capitalised. */
function tidy(text: string): string {
  const bare = (word: string) => word.toLowerCase().replace(/[^\p{L}']/gu, '');
  const words = text.split(/\s+/).filter((word) => word && !HESITATIONS.has(bare(word)));
  let start = 0;
  while (start < words.length - 1) {
    const word = bare(words[start] ?? '');
    if (OPENERS.has(word)) start += 1;
    else if (word === 'good' && TIMES_OF_DAY.has(bare(words[start + 1] ?? ''))) start += 2;
    else break;
  }
  const kept = (start < words.length ? words.slice(start) : words).join(' ');
  return kept.charAt(0).toUpperCase() + kept.slice(1);
}

/** Shared words relative to the shorter sentence. */
function overlap(a: readonly string[], b: readonly string[]): number {
  const setA = new Set(a);
  const setB = new Set(b);
  if (setA.size === 0 || setB.size === 0) return 0;
  let shared = 0;
  for (const word of setA) if (setB.has(word)) shared += 1;
  return shared / Math.min(setA.size, setB.size);
}
