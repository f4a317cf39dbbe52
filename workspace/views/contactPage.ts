import { html } from 'hono/html';
import { PLACEHOLDERS } from '../../functions/redaction/types';
import type {
  CaseSummary,
  Provenance,
  SummaryContent,
  Turn,
} from '../../functions/shared/documents';
import { can } from '../auth/roles';
import type { ContactRecord } from '../data/contactRecord';
import type { Handles } from '../handles';
import { clock, csrfField, dateTime, type Html, layout, type PageContext } from './layout';
import { liveViewsSection } from './liveViewsSection';
import { summaryDiff } from './summaryDiff';

export interface AudioView {
  url: string;
  expiresAt: Date;
}

const PLACEHOLDER = new RegExp(
  `(${Object.values(PLACEHOLDERS)
    .map((p) => p.replace(/[[\]]/g, '\\$&'))
    .join('|')})`,
);

/** Text with redaction placeholders marked as such (never as if they were words spoken). */
function withPlaceholders(ctx: PageContext, text: string): Html[] {
  return text
    .split(PLACEHOLDER)
    .map((part, i) =>
      i % 2 === 1
        ? html`<mark class="ws-redacted">${ctx.t('contact.redacted', { type: part.slice(1, -1) })}</mark>`
        : html`${part}`,
    );
}

function provenanceLine(ctx: PageContext, label: string, p: Provenance | undefined): Html {
  if (!p) return html``;
  return html`<li><strong>${label}:</strong> ${ctx.t('contact.provenance.line', {
    provider: p.provider,
    model: p.model,
    prompt: p.prompt_version ?? ctx.t('contact.provenance.noPrompt'),
  })}</li>`;
}

function summaryBlock(ctx: PageContext, content: SummaryContent, lang: string): Html {
  const { t } = ctx;
  const items = (values: Html[]) =>
    values.length === 0
      ? html`<p class="kern-body" lang="${ctx.locale}">${t('contact.none')}</p>`
      : html`<ul class="kern-list">${values.map((v) => html`<li>${v}</li>`)}</ul>`;
  return html`<div lang="${lang}">
<h4 class="kern-heading-small" lang="${ctx.locale}">${t('contact.reason')}</h4>
<p class="kern-body">${withPlaceholders(ctx, content.reason_for_contact)}</p>
<h4 class="kern-heading-small" lang="${ctx.locale}">${t('contact.facts')}</h4>
${items(content.key_facts.map((f) => html`${withPlaceholders(ctx, f)}`))}
<h4 class="kern-heading-small" lang="${ctx.locale}">${t('contact.nextSteps')}</h4>
${items(
  content.next_steps.map(
    (s) =>
      html`<span lang="${ctx.locale}">${t(`case.owner.${s.owner}`)}:</span> ${withPlaceholders(ctx, s.action)}${s.due ? html` (${s.due})` : ''}`,
  ),
)}
<h4 class="kern-heading-small" lang="${ctx.locale}">${t('contact.questions')}</h4>
${items(content.open_questions.map((q) => html`${withPlaceholders(ctx, q)}`))}
</div>`;
}

function reviewSection(ctx: PageContext, handle: string, record: ContactRecord): Html {
  const { t } = ctx;
  const { summary, review, corrected } = record;
  if (!summary) return html``;
  const status = review
    ? t(`review.status.${review.decision}`, {
        by: review.reviewed_by,
        at: dateTime(review.reviewed_at, ctx.locale),
      })
    : t('review.status.pending');
  const current = corrected?.summary ?? summary.summary;
  const lang = summary.languages.case_worker;
  const stepFields = (
    n: number,
    step?: SummaryContent['next_steps'][number],
  ) => html`<fieldset class="kern-fieldset ws-step">
<legend class="kern-label">${step ? t('review.field.step', { n }) : t('review.field.newStep')}</legend>
<div class="kern-fieldset__body">
<div class="kern-form-input"><label class="kern-label" for="step-action-${n}">${t('review.field.step.action')}</label>
<input class="kern-form-input__input" id="step-action-${n}" name="step_action" lang="${lang}" value="${step?.action ?? ''}"></div>
<div class="kern-form-input"><label class="kern-label" for="step-owner-${n}">${t('review.field.step.owner')}</label>
<div class="kern-form-input__select-wrapper"><select class="kern-form-input__select" id="step-owner-${n}" name="step_owner">
${(['authority', 'citizen', 'unknown'] as const).map((o) => html`<option value="${o}"${(step?.owner ?? 'authority') === o ? html` selected` : ''}>${t(`case.owner.${o}`)}</option>`)}
</select></div></div>
<div class="kern-form-input"><label class="kern-label" for="step-due-${n}">${t('review.field.step.due')}</label>
<input class="kern-form-input__input" id="step-due-${n}" name="step_due" lang="${lang}" value="${step?.due ?? ''}"></div>
</div></fieldset>`;
  const forms = can(ctx.user, 'review')
    ? html`<form method="post" action="/contacts/${handle}/review" class="ws-inline-form">
  ${csrfField(ctx)}<input type="hidden" name="decision" value="approved">
  <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-icon kern-icon--check" aria-hidden="true"></span><span class="kern-label">${t('review.approve')}</span></button>
</form>
<details class="ws-correct"${review?.decision === 'corrected' ? '' : ''}>
<summary class="kern-link">${t('review.correct')}</summary>
<p class="kern-hint">${t('review.correct.hint')}</p>
<form method="post" action="/contacts/${handle}/review" class="kern-stack">
  ${csrfField(ctx)}<input type="hidden" name="decision" value="corrected">
  <div class="kern-form-input"><label class="kern-label" for="c-reason">${t('review.field.reason')}</label>
  <textarea class="kern-form-input__input" id="c-reason" name="reason_for_contact" rows="3" required lang="${lang}">${current.reason_for_contact}</textarea></div>
  <div class="kern-form-input"><label class="kern-label" for="c-facts">${t('review.field.facts')}</label>
  <textarea class="kern-form-input__input" id="c-facts" name="key_facts" rows="4" lang="${lang}">${current.key_facts.join('\n')}</textarea></div>
  ${current.next_steps.map((s, i) => stepFields(i + 1, s))}
  ${stepFields(current.next_steps.length + 1)}
  <div class="kern-form-input"><label class="kern-label" for="c-questions">${t('review.field.questions')}</label>
  <textarea class="kern-form-input__input" id="c-questions" name="open_questions" rows="3" lang="${lang}">${current.open_questions.join('\n')}</textarea></div>
  <button class="kern-btn kern-btn--secondary" type="submit"><span class="kern-icon kern-icon--edit" aria-hidden="true"></span><span class="kern-label">${t('review.save')}</span></button>
</form>
</details>`
    : '';
  return html`<section aria-labelledby="review-heading" class="ws-section">
<h2 id="review-heading" class="kern-heading-medium">${t('review.title')}</h2>
<p class="kern-body" role="status">${status}</p>
${
  corrected
    ? html`<h3 class="kern-heading-small">${t('review.diff')}</h3>${summaryDiff(ctx, summary.summary, corrected.summary, lang)}`
    : ''
}
${forms}
</section>`;
}

export function contactPage(
  ctx: PageContext,
  handles: Handles,
  record: ContactRecord,
  audio: AudioView | undefined,
  notice?: string,
): Html {
  const { t } = ctx;
  const { ref, transcript, translation, summary, corrected } = record;
  const handle = handles.contactHandle(ref.case_id, ref.contact_id);
  const spoken = transcript?.language ?? summary?.languages.spoken ?? 'und';
  const translated = new Map((translation?.turns ?? []).map((turn) => [turn.index, turn]));
  const sentimentOf = (turn: Turn) => (turn as Turn & { sentiment?: string }).sentiment;
  const turns = transcript?.turns ?? [];
  const hasSentiment = turns.some((turn) => sentimentOf(turn) !== undefined);
  const rows = turns.map((turn) => {
    const other = translated.get(turn.index);
    const sentiment = sentimentOf(turn);
    // One line per row: 1,500 rows without whitespace text nodes between their cells.
    return html`<div role="row" class="ws-turn" id="turn-${turn.index}" data-start="${turn.start}"><span role="cell" class="ws-num">${turn.index + 1}</span><span role="cell">${t(`contact.speaker.${turn.speaker}`)}</span><span role="cell" class="ws-time">${audio ? html`<button type="button" class="kern-btn kern-btn--tertiary kern-btn--x-small ws-play" hidden><span class="kern-label">${t('contact.play', { time: clock(turn.start) })}</span></button>` : ''}<span class="ws-clock">${clock(turn.start)}</span></span><span role="cell" lang="${spoken}">${withPlaceholders(ctx, turn.text)}</span>${translation ? html`<span role="cell" lang="${translation.target_language}">${other ? withPlaceholders(ctx, other.text) : html`<span lang="${ctx.locale}">${t('contact.noTranslation')}</span>`}</span>` : ''}${hasSentiment ? html`<span role="cell">${sentiment && (sentiment === 'positive' || sentiment === 'neutral' || sentiment === 'negative') ? t(`contact.sentiment.${sentiment}`) : '–'}</span>` : ''}</div>`;
  });
  const title = t('contact.title', { contactId: ref.contact_id, caseId: ref.case_id });
  const sentiment = summary?.sentiment;
  // The player fetches nothing until played (preload="none"): a media element fetching metadata
  // holds back the page's load event, and the recording is only opened when someone listens.
  const body = html`<p><a class="kern-link" href="/cases/${handles.caseHandle(ref.case_id)}">${t('contact.back')}</a></p>
<h1 class="kern-heading-large">${title}</h1>
${notice ? html`<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__header"><span class="kern-title">${notice}</span></div></div>` : ''}
${record.live ? liveViewsSection(ctx, record.live) : ''}
${
  summary
    ? html`<section aria-labelledby="summary-heading" class="ws-section">
<h2 id="summary-heading" class="kern-heading-medium">${t('contact.summary')}</h2>
<div class="ws-columns">
<div class="kern-card"><div class="kern-card__container"><div class="kern-card__header"><h3 class="kern-title">${t('contact.summary.worker', { lang: summary.languages.case_worker })}</h3></div>
<div class="kern-card__body">${summaryBlock(ctx, (corrected ?? summary).summary, summary.languages.case_worker)}</div></div></div>
<div class="kern-card"><div class="kern-card__container"><div class="kern-card__header"><h3 class="kern-title">${t('contact.summary.caller', { lang: summary.languages.caller })}</h3></div>
<div class="kern-card__body">${summaryBlock(ctx, summary.caller_summary, summary.languages.caller)}</div></div></div>
</div>
${sentiment ? html`<p class="kern-body"><strong>${t('contact.sentiment')}:</strong> ${t('contact.sentiment.overall', { value: t(`contact.sentiment.${sentiment.overall}`) })}${Object.entries(sentiment.per_speaker).map(([speaker, value]) => html`; ${t(`contact.speaker.${speaker as Turn['speaker']}`)}: ${t(`contact.sentiment.${value}`)}`)}</p>` : ''}
</section>`
    : ''
}
${reviewSection(ctx, handle, record)}
<section aria-labelledby="audio-heading" class="ws-section">
<h2 id="audio-heading" class="kern-heading-medium">${t('contact.audio')}</h2>
${
  audio
    ? html`<audio id="player" class="ws-player" controls preload="none" src="${audio.url}"></audio>
<p class="kern-hint">${t('contact.audio.expires', { time: dateTime(audio.expiresAt.toISOString(), ctx.locale) })}</p>`
    : html`<p class="kern-body">${t('contact.audio.none')}</p>`
}
</section>
<section aria-labelledby="transcript-heading" class="ws-section">
<h2 id="transcript-heading" class="kern-heading-medium">${t('contact.transcript')}</h2>
${
  transcript
    ? html`<div role="table" class="ws-turns ws-cols-${4 + (translation ? 1 : 0) + (hasSentiment ? 1 : 0)}" id="turns" aria-labelledby="transcript-heading" aria-rowcount="${turns.length + 1}">
<div role="rowgroup"><div role="row" class="ws-turn-head">
<span role="columnheader" class="ws-num">${t('contact.col.turn')}</span>
<span role="columnheader">${t('contact.col.speaker')}</span>
<span role="columnheader">${t('contact.col.time')}</span>
<span role="columnheader">${t('contact.col.original', { lang: spoken })}</span>
${translation ? html`<span role="columnheader">${t('contact.col.translation', { lang: translation.target_language })}</span>` : ''}
${hasSentiment ? html`<span role="columnheader">${t('contact.col.sentiment')}</span>` : ''}
</div></div>
<div role="rowgroup">${rows}</div></div>`
    : html`<p class="kern-body">${t('contact.noTranscript')}</p>`
}
</section>
${provenanceSection(ctx, record, summary)}`;
  return layout(ctx, title, body, audio !== undefined);
}

function provenanceSection(
  ctx: PageContext,
  record: ContactRecord,
  summary: CaseSummary | undefined,
): Html {
  const { t } = ctx;
  // A running call has produced nothing yet that an engine could be credited with.
  if (!record.transcript && !record.translation && !summary) return html``;
  const lines = [
    provenanceLine(ctx, t('contact.provenance.stt'), record.transcript?.provenance),
    provenanceLine(ctx, t('contact.provenance.translation'), record.translation?.provenance),
    provenanceLine(ctx, t('contact.provenance.summary'), summary?.provenance.summarization),
    provenanceLine(
      ctx,
      `${t('contact.provenance.summary')} (${summary?.languages.caller ?? ''})`,
      summary?.provenance.summary_translation,
    ),
  ];
  return html`<section aria-labelledby="provenance-heading" class="ws-section">
<h2 id="provenance-heading" class="kern-heading-medium">${t('contact.provenance')}</h2>
<ul class="kern-list">${lines}</ul>
</section>`;
}
