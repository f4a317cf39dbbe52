import type { CaseSummary, NextStep, SummaryContent } from '../../shared/documents';
import { formatTime, type Labels, labelsFor } from './labels';
import type { Item, Page } from './page';

export function nextStepItem(labels: Labels, step: NextStep): Item {
  return {
    lead: labels.owner[step.owner],
    text: step.action,
    ...(step.due
      ? { note: `${labels.due}: ${step.due}${step.due_date ? ` (${step.due_date})` : ''}` }
      : {}),
  };
}

function summaryPage(summary: CaseSummary, language: string, content: SummaryContent): Page {
  const labels = labelsFor(language);
  const { spoken, case_worker, caller } = summary.languages;
  return {
    language,
    title: `${labels.summaryTitle}: ${summary.case_id} / ${summary.contact_id}`,
    banner: labels.banner,
    facts: [
      [labels.case, summary.case_id],
      [labels.contact, summary.contact_id],
      [
        labels.languages,
        `${labels.spoken} ${spoken}, ${labels.caseWorker} ${case_worker}, ${labels.caller} ${caller}`,
      ],
      [labels.created, formatTime(summary.created_at)],
    ],
    sections: [
      { heading: labels.reason, paragraph: content.reason_for_contact, empty: labels.none },
      {
        heading: labels.keyFacts,
        items: content.key_facts.map((text) => ({ text })),
        empty: labels.none,
      },
      {
        heading: labels.nextSteps,
        items: content.next_steps.map((step) => nextStepItem(labels, step)),
        empty: labels.none,
      },
      {
        heading: labels.openQuestions,
        items: content.open_questions.map((text) => ({ text })),
        empty: labels.none,
      },
    ],
  };
}

/**
 * The contact's summary for the case worker (in their language) and, when the caller speaks
 * another, for the caller (the caller summary, in the caller's language).
 */
export function summaryPages(summary: CaseSummary): Page[] {
  const { case_worker, caller } = summary.languages;
  const pages = [summaryPage(summary, case_worker, summary.summary)];
  if (caller !== case_worker) pages.push(summaryPage(summary, caller, summary.caller_summary));
  return pages;
}
