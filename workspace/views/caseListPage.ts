import { html } from 'hono/html';
import type { CaseFilter, CaseListEntry } from '../data/caseIndex';
import type { Handles } from '../handles';
import { csrfField, dateTime, type Html, layout, type PageContext } from './layout';

/**
 * The search form posts (with its CSRF token) rather than using GET: a case id typed into it
 * must not end up in the URL, the browser history or an access log of a proxy.
 */
export function caseListPage(
  ctx: PageContext,
  handles: Handles,
  cases: CaseListEntry[],
  filter: CaseFilter,
): Html {
  const { t } = ctx;
  const option = (value: string, label: string, current?: string) =>
    html`<option value="${value}"${current === value || (!current && value === '') ? html` selected` : ''}>${label}</option>`;
  const rows = cases.map(
    (c) => html`<tr class="kern-table__row">
  <th scope="row" class="kern-table__header"><a class="kern-link" href="/cases/${handles.caseHandle(c.caseId)}">${c.caseId}</a>${c.runningCalls > 0 ? html` <span class="kern-badge kern-badge--info kern-badge--small"><span class="kern-label kern-label--small">${c.runningCalls === 1 ? t('list.running.one') : t('list.running.many', { count: c.runningCalls })}</span></span>` : ''}</th>
  <td class="kern-table__cell kern-table__cell--numeric">${c.contacts}</td>
  <td class="kern-table__cell">${dateTime(c.lastContactAt, ctx.locale)}</td>
  <td class="kern-table__cell">${c.callerLanguages.join(', ') || '–'}</td>
  <td class="kern-table__cell">${reviewBadge(ctx, c.review)}</td>
  <td class="kern-table__cell kern-table__cell--numeric">${c.openSteps}</td>
</tr>`,
  );
  const body = html`<h1 class="kern-heading-large">${t('list.title')}</h1>
<form method="post" action="/" class="ws-search" aria-labelledby="search-heading">
  ${csrfField(ctx)}
  <h2 id="search-heading" class="kern-heading-small">${t('list.search')}</h2>
  <div class="ws-search__fields">
    <div class="kern-form-input"><label class="kern-label" for="f-case">${t('list.caseId')}</label>
      <input class="kern-form-input__input" id="f-case" name="caseId" type="search" autocomplete="off" value="${filter.caseId ?? ''}"></div>
    <div class="kern-form-input"><label class="kern-label" for="f-from">${t('list.from')}</label>
      <input class="kern-form-input__input" id="f-from" name="from" type="date" value="${filter.from ?? ''}"></div>
    <div class="kern-form-input"><label class="kern-label" for="f-to">${t('list.to')}</label>
      <input class="kern-form-input__input" id="f-to" name="to" type="date" value="${filter.to ?? ''}"></div>
    <div class="kern-form-input"><label class="kern-label" for="f-lang">${t('list.language')}</label>
      <input class="kern-form-input__input" id="f-lang" name="language" type="text" autocomplete="off" value="${filter.language ?? ''}"></div>
    <div class="kern-form-input"><label class="kern-label" for="f-review">${t('list.review')}</label>
      <div class="kern-form-input__select-wrapper"><select class="kern-form-input__select" id="f-review" name="review">
        ${option('', t('list.review.any'), filter.review)}
        ${option('pending', t('list.review.pending'), filter.review)}
        ${option('reviewed', t('list.review.reviewed'), filter.review)}
      </select></div></div>
    <div class="kern-form-input"><label class="kern-label" for="f-steps">${t('list.steps')}</label>
      <div class="kern-form-input__select-wrapper"><select class="kern-form-input__select" id="f-steps" name="steps">
        ${option('', t('list.steps.any'), filter.steps)}
        ${option('open', t('list.steps.open'), filter.steps)}
        ${option('none', t('list.steps.none'), filter.steps)}
      </select></div></div>
  </div>
  <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-icon kern-icon--search" aria-hidden="true"></span><span class="kern-label">${t('list.submit')}</span></button>
</form>
<p class="kern-body" role="status">${t('list.count', { count: cases.length })}</p>
${
  cases.length === 0
    ? html`<p class="kern-body">${t('list.empty')}</p>`
    : html`<div class="kern-table-responsive"><table class="kern-table kern-table--striped">
<caption class="kern-sr-only">${t('list.title')}</caption>
<thead class="kern-table__head"><tr class="kern-table__row">
  <th scope="col" class="kern-table__header">${t('list.col.case')}</th>
  <th scope="col" class="kern-table__header kern-table__header--numeric">${t('list.col.contacts')}</th>
  <th scope="col" class="kern-table__header">${t('list.col.last')}</th>
  <th scope="col" class="kern-table__header">${t('list.col.languages')}</th>
  <th scope="col" class="kern-table__header">${t('list.col.review')}</th>
  <th scope="col" class="kern-table__header kern-table__header--numeric">${t('list.col.steps')}</th>
</tr></thead>
<tbody class="kern-table__body">${rows}</tbody></table></div>`
}`;
  return layout(ctx, t('list.title'), body);
}

function reviewBadge(ctx: PageContext, state: 'pending' | 'reviewed') {
  // Whole class names, so the stylesheet trimming (workspace/assets/) finds them.
  const kind = state === 'pending' ? 'kern-badge--warning' : 'kern-badge--success';
  return html`<span class="kern-badge ${kind}"><span class="kern-label kern-label--small">${ctx.t(`list.review.${state}`)}</span></span>`;
}
