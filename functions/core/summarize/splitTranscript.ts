import type { ContextBudget } from '../../providers/summarization/SummarizationProvider';
import type { Transcript, Turn } from '../../shared/documents';
import { ConfigurationError } from '../../shared/errors';

/**
 * Cuts a transcript into consecutive pieces whose summarization request fits the model's
 * context. Turns stay whole unless one alone is too long; then it is cut between words.
 */
export function splitTranscript(transcript: Transcript, budget: ContextBudget): Transcript[] {
  if (budget.requestTokens(transcript) <= budget.contextTokens) return [transcript];
  const overhead = budget.requestTokens({ ...transcript, turns: [] });
  const room = budget.contextTokens - overhead;
  if (room <= 0) {
    throw new ConfigurationError(
      `summarization.contextTokens (${budget.contextTokens}) leaves no room for a transcript after prompt and answer (${overhead} tokens)`,
    );
  }
  // +1: the line break that joins a turn to the previous one.
  const cost = (turn: Turn) =>
    budget.requestTokens({ ...transcript, turns: [turn] }) - overhead + 1;
  const pieces: Turn[][] = [];
  let current: Turn[] = [];
  let used = 0;
  for (const whole of transcript.turns) {
    for (const turn of fitTurn(whole, cost, room)) {
      const tokens = cost(turn);
      if (current.length > 0 && used + tokens > room) {
        pieces.push(current);
        current = [];
        used = 0;
      }
      current.push(turn);
      used += tokens;
    }
  }
  if (current.length > 0) pieces.push(current);
  // The sum of per-turn estimates can drift from the whole request's: check, halve if needed.
  return pieces.flatMap((turns) => ensureFits({ ...transcript, turns }, budget));
}

function ensureFits(piece: Transcript, budget: ContextBudget): Transcript[] {
  if (piece.turns.length < 2 || budget.requestTokens(piece) <= budget.contextTokens) return [piece];
  const middle = Math.ceil(piece.turns.length / 2);
  return [
    ...ensureFits({ ...piece, turns: piece.turns.slice(0, middle) }, budget),
    ...ensureFits({ ...piece, turns: piece.turns.slice(middle) }, budget),
  ];
}

/** A turn too long for one request becomes several, cut between words (timing kept). */
function fitTurn(turn: Turn, cost: (turn: Turn) => number, room: number): Turn[] {
  const tokens = cost(turn);
  if (tokens <= room) return [turn];
  const words = turn.text.split(/\s+/).filter(Boolean);
  if (words.length < 2) return [turn];
  // Proportional first guess with a margin, then halving until each part fits.
  const parts = Math.ceil((tokens / room) * 1.1);
  const size = Math.max(1, Math.ceil(words.length / parts));
  const pieces: Turn[] = [];
  for (let i = 0; i < words.length; i += size) {
    const { words: _timed, ...rest } = turn;
    const part: Turn = { ...rest, text: words.slice(i, i + size).join(' ') };
    pieces.push(...(cost(part) <= room ? [part] : fitTurn(part, cost, room)));
  }
  return pieces;
}
