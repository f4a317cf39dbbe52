import { diffArrays, diffWords } from 'diff';
import { html } from 'hono/html';
import type { NextStep, SummaryContent } from '../../functions/shared/documents';
import type { Html, PageContext } from './layout';

const stepText = (s: NextStep) => `${s.owner}: ${s.action}${s.due ? ` (${s.due})` : ''}`;

/**
 * What the case worker changed against the AI version, field by field: words within the reason,
 * whole items within the lists. Deletions and insertions carry a hidden label for screen readers,
 * since strike-through alone is not announced.
 */
export function summaryDiff(
  ctx: PageContext,
  original: SummaryContent,
  corrected: SummaryContent,
  lang: string,
): Html {
  const { t } = ctx;
  const del = (text: string) =>
    html`<del><span class="kern-sr-only">${t('review.diff.removed')}: </span>${text}</del>`;
  const ins = (text: string) =>
    html`<ins><span class="kern-sr-only">${t('review.diff.added')}: </span>${text}</ins>`;
  const reason = diffWords(original.reason_for_contact, corrected.reason_for_contact);
  const list = (before: string[], after: string[]) => {
    const parts = diffArrays(before, after).filter((p) => p.added || p.removed);
    return parts.flatMap((p) => p.value.map((v) => html`<li>${p.added ? ins(v) : del(v)}</li>`));
  };
  const fields: Array<[string, Html[]]> = [
    [t('contact.facts'), list(original.key_facts, corrected.key_facts)],
    [
      t('contact.nextSteps'),
      list(original.next_steps.map(stepText), corrected.next_steps.map(stepText)),
    ],
    [t('contact.questions'), list(original.open_questions, corrected.open_questions)],
  ];
  const changed =
    reason.some((p) => p.added || p.removed) || fields.some(([, items]) => items.length > 0);
  if (!changed) return html`<p class="kern-body">${t('review.diff.none')}</p>`;
  return html`<div class="ws-diff" lang="${lang}">
<h4 class="kern-heading-small" lang="${ctx.locale}">${t('contact.reason')}</h4>
<p class="kern-body">${reason.map((p) => (p.added ? ins(p.value) : p.removed ? del(p.value) : p.value))}</p>
${fields.map(([label, items]) => (items.length > 0 ? html`<h4 class="kern-heading-small" lang="${ctx.locale}">${label}</h4><ul class="kern-list">${items}</ul>` : ''))}
</div>`;
}
