import { html } from 'hono/html';
import type { LiveViewLinks } from '../../live/views/liveViewLinks';
import type { Handles } from '../handles';
import { dateTime, type Html, type PageContext } from './layout';

/** Links the bridge stored as paths (no public address configured) are shown, not linked. */
const isAbsolute = (url: string) => /^https?:\/\//.test(url);

function caseWorkerLink(ctx: PageContext, links: LiveViewLinks): Html {
  // noreferrer: the live view's site learns nothing of the workspace page it was opened from.
  return isAbsolute(links.case_worker)
    ? html`<a class="kern-link" rel="noreferrer" href="${links.case_worker}">${ctx.t('live.caseWorker')}</a>`
    : html`<span>${ctx.t('live.caseWorker')}: <code>${links.case_worker}</code></span>`;
}

/** The contact page's section while the call runs: both views, the citizen's link to hand out. */
export function liveViewsSection(ctx: PageContext, links: LiveViewLinks): Html {
  const { t } = ctx;
  return html`<section aria-labelledby="live-heading" class="ws-section">
<h2 id="live-heading" class="kern-heading-medium">${t('live.title')}</h2>
<div class="kern-alert kern-alert--info"><div class="kern-alert__header"><span class="kern-title">${t('live.running', { time: dateTime(links.created_at, ctx.locale) })}</span></div></div>
<p class="kern-body">${caseWorkerLink(ctx, links)}</p>
<div class="kern-form-input">
<label class="kern-label" for="live-citizen">${t('live.citizen')}</label>
<div class="kern-hint" id="live-citizen-hint">${t('live.citizen.hint')}</div>
<input class="kern-form-input__input" id="live-citizen" type="text" readonly value="${links.citizen}" aria-describedby="live-citizen-hint" spellcheck="false">
</div>
</section>`;
}

/** The case page's list of calls in progress, each to its contact page and live view. */
export function runningCallsSection(
  ctx: PageContext,
  handles: Handles,
  running: LiveViewLinks[],
): Html {
  if (running.length === 0) return html``;
  const { t } = ctx;
  return html`<section aria-labelledby="running-heading" class="ws-section">
<h2 id="running-heading" class="kern-heading-medium">${t('case.running')}</h2>
<ul class="kern-list">${running.map(
    (call) =>
      html`<li><a class="kern-link" href="/contacts/${handles.contactHandle(call.case_id, call.contact_id)}">${t('case.channel.call')} ${call.contact_id} · ${t('live.since', { time: dateTime(call.created_at, ctx.locale) })}</a> · ${caseWorkerLink(ctx, call)}</li>`,
  )}</ul>
</section>`;
}
