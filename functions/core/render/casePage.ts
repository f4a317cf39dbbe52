import type { CaseRollup } from '../caseRollup/caseRollupDocument';
import { formatTime, labelsFor } from './labels';
import type { Page } from './page';
import { nextStepItem } from './summaryPage';

/** The case overview in one language: its labels; the texts are as case.json holds them. */
export function casePage(rollup: CaseRollup, language: string): Page {
  const labels = labelsFor(language);
  const open = rollup.next_steps.filter((step) => step.status === 'open');
  return {
    language,
    title: `${labels.caseTitle}: ${rollup.case_id}`,
    banner: labels.banner,
    facts: [
      [labels.case, rollup.case_id],
      [labels.status, rollup.status === 'open' ? labels.statusOpen : labels.statusNoOpenSteps],
      [labels.contacts, String(rollup.contacts.length)],
      [labels.updated, formatTime(rollup.updated_at)],
    ],
    sections: [
      {
        heading: labels.contacts,
        items: rollup.contacts.map((contact) => ({
          lead: `${formatTime(contact.received_at)} · ${contact.contact_id}`,
          text: contact.reason_for_contact,
          note: `${labels.channel[contact.channel]}, ${contact.languages.caller} → ${contact.languages.case_worker}`,
        })),
        empty: labels.none,
      },
      {
        heading: labels.nextSteps,
        items: open.map((step) => {
          const item = nextStepItem(labels, step);
          const from = `${labels.fromContact} ${step.contact_id}`;
          return { ...item, note: item.note ? `${item.note}; ${from}` : from };
        }),
        empty: labels.none,
      },
    ],
  };
}

/** One overview per case-worker language among the contacts (almost always just one). */
export function caseLanguages(rollup: CaseRollup): string[] {
  return [...new Set(rollup.contacts.map((c) => c.languages.case_worker))].sort();
}
