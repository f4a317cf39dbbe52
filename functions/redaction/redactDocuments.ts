import type { NextStep, SummaryContent, Transcript, Translation, Turn } from '../shared/documents';
import { redactText } from './redact';
import { redactWords } from './redactWords';
import type { Redaction } from './types';

/** A redacted copy of a document and what was removed from it; the input is never mutated. */
export interface Redacted<T> {
  document: T;
  redactions: Redaction[];
}

function redactTurn(turn: Turn, position: number): Redacted<Turn> {
  const path = `turns[${position}]`;
  const text = redactText(turn.text, `${path}.text`);
  const document: Turn = { ...turn, text: text.text };
  if (!turn.words) return { document, redactions: text.redactions };
  const words = redactWords(turn.text, text.text, turn.words, text.redactions, `${path}.words`);
  document.words = words.words;
  return { document, redactions: [...text.redactions, ...words.redactions] };
}

export function redactTranscript(transcript: Transcript): Redacted<Transcript> {
  const turns = transcript.turns.map(redactTurn);
  return {
    document: { ...transcript, turns: turns.map((turn) => turn.document) },
    redactions: turns.flatMap((turn) => turn.redactions),
  };
}

export function redactTranslation(translation: Translation): Redacted<Translation> {
  const redactions: Redaction[] = [];
  const turns = translation.turns.map((turn, i) => {
    const text = redactText(turn.text, `turns[${i}].text`);
    redactions.push(...text.redactions);
    return { ...turn, text: text.text };
  });
  return { document: { ...translation, turns }, redactions };
}

/**
 * Free-text fields only: `next_steps[].due` is a machine date the case system parses, and an
 * action owner is an enum, so neither can carry a stray identifier worth a placeholder.
 * `basePath` prefixes the paths, e.g. `caller_summary` for the second summary of a CaseSummary.
 */
export function redactSummaryContent(
  content: SummaryContent,
  basePath = '',
): Redacted<SummaryContent> {
  const prefix = basePath ? `${basePath}.` : '';
  const redactions: Redaction[] = [];
  const field = (value: string, path: string): string => {
    const text = redactText(value, `${prefix}${path}`);
    redactions.push(...text.redactions);
    return text.text;
  };
  const document: SummaryContent = {
    reason_for_contact: field(content.reason_for_contact, 'reason_for_contact'),
    key_facts: content.key_facts.map((fact, i) => field(fact, `key_facts[${i}]`)),
    next_steps: content.next_steps.map(
      (step, i): NextStep => ({ ...step, action: field(step.action, `next_steps[${i}].action`) }),
    ),
    open_questions: content.open_questions.map((q, i) => field(q, `open_questions[${i}]`)),
  };
  return { document, redactions };
}
