import type { TranslationProvider } from '../providers/translation/TranslationProvider';
import type { Provenance, SummaryContent } from '../shared/documents';
import { TransientError } from '../shared/errors';

/**
 * Translates every text field of a summary in one provider call, keeping owners and due dates'
 * positions. Returns the content unchanged when the languages match.
 */
export async function translateSummary(
  translation: TranslationProvider,
  content: SummaryContent,
  from: string,
  to: string,
): Promise<{ content: SummaryContent; provenance?: Provenance }> {
  if (from === to) return { content };
  const texts = [
    content.reason_for_contact,
    ...content.key_facts,
    ...content.next_steps.map((step) => step.action),
    ...content.open_questions,
  ];
  const result = await translation.translate({ texts, from, to });
  if (result.texts.length !== texts.length) {
    throw new TransientError(
      `summary translation returned ${result.texts.length} of ${texts.length} texts`,
    );
  }
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
