import type {
  TranslationProvider,
  TranslationResult,
} from '../providers/translation/TranslationProvider';
import { PLACEHOLDERS } from '../redaction/types';
import type { Provenance, SummaryContent } from '../shared/documents';
import { TransientError } from '../shared/errors';

const BRACKETED = /\[[^[\]\n]{1,64}\]/g;
const KNOWN_PLACEHOLDERS: ReadonlySet<string> = new Set(Object.values(PLACEHOLDERS));

/**
 * Puts back the redaction placeholders a translation engine translated: apertium keeps the
 * brackets but turns `[PHONE]` into `[TELÉFONO]`, and es->en `[IBAN]` into `[WENT]`. Only when
 * the translation holds exactly as many bracketed segments as the source, and every placeholder
 * that came through intact sits at its source position, are the segments matched in order;
 * otherwise the text is left as the engine returned it (it holds no identifier either way).
 */
export function restorePlaceholders(source: string, translated: string): string {
  const sourceSegments = source.match(BRACKETED) ?? [];
  if (!sourceSegments.some((segment) => KNOWN_PLACEHOLDERS.has(segment))) return translated;
  const translatedSegments = translated.match(BRACKETED) ?? [];
  if (translatedSegments.length !== sourceSegments.length) return translated;
  const inOrder = translatedSegments.every(
    (segment, i) => !KNOWN_PLACEHOLDERS.has(segment) || segment === sourceSegments[i],
  );
  if (!inOrder) return translated;
  let position = 0;
  return translated.replace(BRACKETED, (segment) => {
    const original = sourceSegments[position++] ?? segment;
    return KNOWN_PLACEHOLDERS.has(original) ? original : segment;
  });
}

/**
 * One provider call for `texts`, checked to return one text per segment, with the placeholders
 * of each source text restored in its translation.
 */
export async function translateTexts(
  translation: TranslationProvider,
  texts: string[],
  from: string,
  to: string,
  what: string,
  glossary: readonly string[] = [],
): Promise<TranslationResult> {
  const result = await translation.translate({
    texts,
    from,
    to,
    ...(glossary.length > 0 ? { glossary } : {}),
  });
  if (result.texts.length !== texts.length) {
    throw new TransientError(
      `${what} translation returned ${result.texts.length} of ${texts.length} texts`,
    );
  }
  return {
    texts: result.texts.map((text, i) => restorePlaceholders(texts[i] ?? '', text)),
    provenance: result.provenance,
  };
}

/**
 * Translates every text field of a summary in one provider call, keeping owners and due dates'
 * positions. Returns the content unchanged when the languages match.
 */
export async function translateSummary(
  translation: TranslationProvider,
  content: SummaryContent,
  from: string,
  to: string,
  glossary: readonly string[] = [],
): Promise<{ content: SummaryContent; provenance?: Provenance }> {
  if (from === to) return { content };
  const texts = [
    content.reason_for_contact,
    ...content.key_facts,
    ...content.next_steps.map((step) => step.action),
    ...content.open_questions,
  ];
  const result = await translateTexts(translation, texts, from, to, 'summary', glossary);
  const out = [...result.texts];
  const take = (n: number) => out.splice(0, n);
  const [reason = ''] = take(1);
  const facts = take(content.key_facts.length);
  const actions = take(content.next_steps.length);
  const questions = take(content.open_questions.length);
  return {
    content: {
      reason_for_contact: reason,
      key_facts: facts,
      next_steps: content.next_steps.map((step, i) => ({
        ...step,
        action: actions[i] ?? step.action,
      })),
      open_questions: questions,
    },
    provenance: result.provenance,
  };
}
