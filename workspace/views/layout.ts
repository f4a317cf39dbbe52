import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { WorkspaceAssets } from '../assets/workspaceAssets';
import type { User } from '../auth/roles';
import type { Locale, Translate } from '../i18n';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageContext {
  t: Translate;
  locale: Locale;
  user: User;
  /** The CSRF token as pages carry it, masked anew for each response. */
  csrfToken: string;
  /** What an unmasked token must equal. */
  csrfSecret: Buffer;
  assets: WorkspaceAssets;
  /** Path of this page, where the language form returns to. */
  path: string;
}

/** A hidden field with the form's CSRF token; every POST form includes it. */
export const csrfField = (ctx: PageContext) =>
  html`<input type="hidden" name="_csrf" value="${ctx.csrfToken}">`;

/**
 * The page frame: one stylesheet (KERN UX trimmed to what the pages use, its fonts preloaded)
 * served by the app itself (no CDN), at most one external script (no inline script, so the CSP
 * can forbid them), `lang` on the page.
 */
export function layout(ctx: PageContext, title: string, body: Html, script = false): Html {
  const { t } = ctx;
  const roles = ctx.user.roles.map((r) => t(`role.${r}`)).join(', ');
  const other = ctx.locale === 'de' ? 'en' : 'de';
  return html`<!doctype html>
<html lang="${ctx.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} – ${t('app.title')}</title>
${ctx.assets.preload.map(
  (
    font,
  ) => html`<link rel="preload" href="/assets/fonts/${font}" as="font" type="font/woff2" crossorigin>
`,
)}<link rel="stylesheet" href="/assets/${ctx.assets.stylesheet.name}">
${script ? html`<script src="/assets/${ctx.assets.script.name}" defer></script>` : ''}
</head>
<body>
<a class="skip-link kern-link" href="#main">${t('app.skip')}</a>
<header class="ws-header">
  <div class="kern-container ws-header__bar">
    <a class="kern-link ws-brand" href="/">${t('app.title')}</a>
    <p class="kern-body kern-body--small">${t('app.user', { user: ctx.user.id, roles })}</p>
    <form method="post" action="/language" class="ws-inline-form">
      ${csrfField(ctx)}
      <input type="hidden" name="locale" value="${other}">
      <input type="hidden" name="back" value="${ctx.path}">
      <button class="kern-btn kern-btn--tertiary kern-btn--x-small" type="submit" lang="${other}">
        <span class="kern-label">${t('app.language.switch')}</span>
      </button>
    </form>
  </div>
</header>
<main id="main" class="kern-container ws-main" tabindex="-1">
${body}
</main>
</body>
</html>`;
}

export function errorPage(ctx: PageContext, message: string): Html {
  return layout(
    ctx,
    ctx.t('error.title'),
    html`<h1 class="kern-heading-large">${ctx.t('error.title')}</h1>
<div class="kern-alert kern-alert--danger" role="alert"><div class="kern-alert__header"><span class="kern-title">${message}</span></div></div>
<p><a class="kern-link" href="/">${ctx.t('error.back')}</a></p>`,
  );
}

/** 12:34 or 1:02:03 for a position in seconds. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/**
 * Date and time in the page's language, without seconds, in German time with its zone named
 * (MEZ/MESZ): the authorities are in Germany, and a bare UTC time read as local is an hour off.
 */
export function dateTime(iso: string | undefined, locale: Locale): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    day: '2-digit',
    month: locale === 'de' ? '2-digit' : 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Berlin',
    timeZoneName: 'short',
  }).format(date);
}
