import type {
  TranslationProvider,
  TranslationResult,
} from '../../providers/translation/TranslationProvider';
import type {
  Provenance,
  Transcript,
  TranslatedTurn,
  TranslatedTurnStatus,
} from '../../shared/documents';
import { PermanentError } from '../../shared/errors';
import { translateTexts } from '../translateSummary';

export interface ViewResult {
  turns: TranslatedTurn[];
  /** The provider calls that made the view; one per source language translated. */
  provenance: Provenance;
  /** Provider results, for engine-time metrics. */
  calls: Provenance[];
}

const UNKNOWN = 'und';

/**
 * The whole transcript in one language: a turn already in `target` is copied and never sent;
 * the other turns are sent grouped by their own language, one provider call per language pair,
 * so every request names the right source language. A pair the provider cannot translate
 * (a permanent refusal) leaves its turns as they were, saying why; a transient failure is thrown
 * so the message is retried.
 */
export async function translationView(
  provider: TranslationProvider,
  transcript: Transcript,
  texts: readonly string[],
  target: string,
  glossary: readonly string[] = [],
): Promise<ViewResult> {
  const languages = transcript.turns.map((turn) => turn.language ?? transcript.language);
  const outcome = new Map<
    number,
    { text: string; status: TranslatedTurnStatus; reason?: string }
  >();
  const groups = new Map<string, number[]>();
  languages.forEach((language, i) => {
    if (language === target) {
      outcome.set(i, { text: texts[i] ?? '', status: 'copied' });
    } else if (language === UNKNOWN) {
      outcome.set(i, {
        text: texts[i] ?? '',
        status: 'not-translated',
        reason: 'the language of the turn is not known',
      });
    } else {
      groups.set(language, [...(groups.get(language) ?? []), i]);
    }
  });
  const calls: Provenance[] = [];
  for (const [source, indexes] of groups) {
    const sent = indexes.map((i) => texts[i] ?? '');
    let result: TranslationResult;
    try {
      result = await translateTexts(provider, sent, source, target, 'transcript', glossary);
    } catch (error) {
      if (!(error instanceof PermanentError)) throw error;
      for (const i of indexes) {
        outcome.set(i, { text: texts[i] ?? '', status: 'not-translated', reason: error.message });
      }
      continue;
    }
    calls.push(result.provenance);
    indexes.forEach((i, position) => {
      outcome.set(i, { text: result.texts[position] ?? '', status: 'translated' });
    });
  }
  const turns = transcript.turns.map((turn, i): TranslatedTurn => {
    const { text, status, reason } = outcome.get(i) ?? { text: '', status: 'not-translated' };
    return {
      index: turn.index,
      speaker: turn.speaker,
      start: turn.start,
      end: turn.end,
      text,
      source_language: languages[i] ?? UNKNOWN,
      status,
      ...(reason ? { reason } : {}),
    };
  });
  return { turns, provenance: combined(provider, calls), calls };
}

/** One provenance for the view: the provider, each model used, the time of all calls. */
function combined(provider: TranslationProvider, calls: Provenance[]): Provenance {
  const [first] = calls;
  if (!first) return { provider: provider.type, model: 'none (every turn copied)', latency_ms: 0 };
  const models = [...new Set(calls.map((call) => call.model))];
  return {
    ...first,
    model: models.join(', '),
    latency_ms: calls.reduce((sum, call) => sum + call.latency_ms, 0),
  };
}
