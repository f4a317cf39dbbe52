import { html } from 'hono/html';
import type { CaseRollup } from '../../functions/core/caseRollup/caseRollupDocument';
import type { EraseRequest, ErasureReceipt } from '../../functions/core/erasure/eraseRequest';
import type { LiveViewLinks } from '../../live/views/liveViewLinks';
import { can } from '../auth/roles';
import type { AccessLogEntry } from '../data/accessLog';
import type { Handles } from '../handles';
import { csrfField, dateTime, type Html, layout, type PageContext } from './layout';
import { runningCallsSection } from './liveViewsSection';

export function casePage(
  ctx: PageContext,
  handles: Handles,
  caseId: string,
  rollup: CaseRollup | undefined,
  running: LiveViewLinks[] = [],
): Html {
  const { t } = ctx;
  const handle = handles.caseHandle(caseId);
  const contacts = [...(rollup?.contacts ?? [])].sort((a, b) =>
    a.received_at.localeCompare(b.received_at),
  );
  const steps = rollup?.next_steps ?? [];
  const stepList = (status: 'open' | 'done') => {
    const chosen = steps.filter((s) => s.status === status);
    return html`<h3 class="kern-heading-small">${t(`case.steps.${status}`)} (${chosen.length})</h3>
${
  chosen.length === 0
    ? html`<p class="kern-body">${t('contact.none')}</p>`
    : html`<ul class="kern-list">${chosen.map(
        (s) =>
          html`<li><span class="kern-badge kern-badge--info kern-badge--small"><span class="kern-label kern-label--small">${t(`case.owner.${s.owner}`)}</span></span> ${s.action}${s.due ? html` <span class="kern-body--muted">(${t('case.due', { due: s.due })})</span>` : ''}</li>`,
      )}</ul>`
}`;
  };
  const actions = html`<div class="ws-actions">
${can(ctx.user, 'access-log') ? html`<a class="kern-link" href="/cases/${handle}/access-log">${t('case.accessLog')}</a>` : ''}
${can(ctx.user, 'erase') ? html`<a class="kern-link" href="/cases/${handle}/erase">${t('case.erase')}</a>` : ''}
</div>`;
  const body = html`<p><a class="kern-link" href="/">${t('nav.cases')}</a></p>
<h1 class="kern-heading-large">${t('case.title', { caseId })}</h1>
${actions}
${rollup ? '' : html`<div class="kern-alert kern-alert--info"><div class="kern-alert__header"><span class="kern-title">${t('case.noRollup')}</span></div></div>`}
${runningCallsSection(ctx, handles, running)}
<section aria-labelledby="contacts-heading">
<h2 id="contacts-heading" class="kern-heading-medium">${t('case.contacts')}</h2>
<ol class="ws-contacts">${contacts.map(
    (
      c,
    ) => html`<li class="kern-card ws-contact-card"><div class="kern-card__container"><div class="kern-card__header">
<h3 class="kern-title"><a class="kern-link" href="/contacts/${handles.contactHandle(caseId, c.contact_id)}">${t(`case.channel.${c.channel}`)} · ${dateTime(c.received_at, ctx.locale)}</a></h3>
<p class="kern-preline">${c.contact_id} · ${c.languages.spoken} → ${c.languages.case_worker}</p></div>
<div class="kern-card__body"><p class="kern-body" lang="${c.languages.case_worker}">${c.reason_for_contact}</p></div></div></li>`,
  )}</ol>
</section>
<section aria-labelledby="steps-heading">
<h2 id="steps-heading" class="kern-heading-medium">${t('case.steps')}</h2>
${steps.length === 0 ? html`<p class="kern-body">${t('case.steps.none')}</p>` : html`${stepList('open')}${stepList('done')}`}
</section>`;
  return layout(ctx, t('case.title', { caseId }), body);
}

export function erasePage(
  ctx: PageContext,
  handles: Handles,
  caseId: string,
  problem?: string,
): Html {
  const { t } = ctx;
  const handle = handles.caseHandle(caseId);
  const body = html`<p><a class="kern-link" href="/cases/${handle}">${t('case.title', { caseId })}</a></p>
<h1 class="kern-heading-large">${t('erase.title')}</h1>
<div class="kern-alert kern-alert--warning"><div class="kern-alert__header"><span class="kern-title">${t('erase.warning')}</span></div></div>
${problem ? html`<div class="kern-alert kern-alert--danger" role="alert"><div class="kern-alert__header"><span class="kern-title">${problem}</span></div></div>` : ''}
<form method="post" action="/cases/${handle}/erase">
  ${csrfField(ctx)}
  <div class="kern-form-check">
    <input class="kern-form-check__checkbox" type="checkbox" id="confirm" name="confirm" value="yes" required>
    <label class="kern-label" for="confirm">${t('erase.confirm')}</label>
  </div>
  <button class="kern-btn kern-btn--primary ws-danger" type="submit"><span class="kern-label">${t('erase.submit')}</span></button>
</form>`;
  return layout(ctx, t('erase.title'), body);
}

export function receiptPage(ctx: PageContext, receipt: ErasureReceipt): Html {
  const { t } = ctx;
  const row = (key: Parameters<typeof t>[0], value: string | number) =>
    html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t(key)}</dt><dd class="kern-description-list-item__value">${value}</dd></div>`;
  const body = html`<h1 class="kern-heading-large">${t('erase.title')}</h1>
<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__header"><span class="kern-title">${t('erase.done')}</span></div></div>
<h2 class="kern-heading-medium">${t('erase.receipt')}</h2>
<dl class="kern-description-list">
${row('erase.receipt.hash', receipt.case_id_hmac)}
${row('erase.receipt.request', receipt.request_id)}
${row('erase.receipt.by', receipt.requested_by)}
${row('erase.receipt.at', dateTime(receipt.erased_at, ctx.locale))}
${row('erase.receipt.recordings', receipt.deleted.recordings_bucket)}
${row('erase.receipt.results', receipt.deleted.results_bucket)}
</dl>
<p><a class="kern-link" href="/">${t('error.back')}</a></p>`;
  return layout(ctx, t('erase.receipt'), body);
}

/** The cloud's answer: the request is on the erase queue; the erase function writes the receipt. */
export function erasureRequestedPage(ctx: PageContext, request: EraseRequest): Html {
  const { t } = ctx;
  const row = (key: Parameters<typeof t>[0], value: string) =>
    html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t(key)}</dt><dd class="kern-description-list-item__value">${value}</dd></div>`;
  const body = html`<h1 class="kern-heading-large">${t('erase.title')}</h1>
<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__header"><span class="kern-title">${t('erase.queued')}</span></div></div>
<dl class="kern-description-list">
${row('erase.receipt.request', request.request_id)}
${row('erase.receipt.by', request.requested_by ?? '')}
</dl>
<p><a class="kern-link" href="/">${t('error.back')}</a></p>`;
  return layout(ctx, t('erase.title'), body);
}

export function accessLogPage(
  ctx: PageContext,
  handles: Handles,
  caseId: string,
  entries: AccessLogEntry[],
): Html {
  const { t } = ctx;
  const what = (e: AccessLogEntry) =>
    e.view === 'case'
      ? t('log.view.case')
      : t(`log.view.${e.view}`, { contactId: e.contact_id ?? '' });
  const body = html`<p><a class="kern-link" href="/cases/${handles.caseHandle(caseId)}">${t('case.title', { caseId })}</a></p>
<h1 class="kern-heading-large">${t('log.title', { caseId })}</h1>
${
  entries.length === 0
    ? html`<p class="kern-body">${t('log.empty')}</p>`
    : html`<div class="kern-table-responsive"><table class="kern-table kern-table--striped">
<thead class="kern-table__head"><tr class="kern-table__row"><th scope="col" class="kern-table__header">${t('log.col.when')}</th><th scope="col" class="kern-table__header">${t('log.col.who')}</th><th scope="col" class="kern-table__header">${t('log.col.what')}</th></tr></thead>
<tbody class="kern-table__body">${entries.map(
        (e) =>
          html`<tr class="kern-table__row"><td class="kern-table__cell">${e.at}</td><td class="kern-table__cell">${e.user} (${e.roles.join(', ')})</td><td class="kern-table__cell">${what(e)}</td></tr>`,
      )}</tbody></table></div>`
}`;
  return layout(ctx, t('case.accessLog'), body);
}
