import type { Audience } from './viewTokens';

/** Labels: German for the case worker; the citizen's in their language where we have them. */
interface Labels {
  title: string;
  caller: string;
  agent: string;
  original: string;
  connecting: string;
  live: string;
  ended: string;
  expired: string;
}

const CASE_WORKER: Labels = {
  title: 'Live-Mitschrift des Anrufs',
  caller: 'Anrufende Person',
  agent: 'Sachbearbeitung',
  original: 'Original',
  connecting: 'Verbindung wird aufgebaut …',
  live: 'Live – neue Äußerungen erscheinen automatisch.',
  ended: 'Der Anruf ist beendet. Die Zusammenfassung folgt im Fallsystem.',
  expired: 'Dieser Link ist abgelaufen.',
};

const CITIZEN: Record<string, Labels> = {
  en: {
    title: 'Your call, live',
    caller: 'You',
    agent: 'Case worker',
    original: 'Original',
    connecting: 'Connecting …',
    live: 'Live – new lines appear by themselves.',
    ended: 'The call has ended. This page no longer updates.',
    expired: 'This link has expired.',
  },
  es: {
    title: 'Su llamada, en directo',
    caller: 'Usted',
    agent: 'Gestor/a',
    original: 'Original',
    connecting: 'Conectando …',
    live: 'En directo – las nuevas frases aparecen solas.',
    ended: 'La llamada ha terminado. Esta página ya no se actualiza.',
    expired: 'Este enlace ha caducado.',
  },
  de: CASE_WORKER,
};

export function labelsFor(audience: Audience, callerLanguage: string): Labels {
  if (audience === 'case-worker') return CASE_WORKER;
  return CITIZEN[callerLanguage] ?? (CITIZEN.en as Labels);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page shell; lines arrive by server-sent events (view.js). No inline script: strict CSP. */
export function viewPage(audience: Audience, language: string, labels: Labels): string {
  const data = escapeHtml(JSON.stringify({ audience, labels }));
  return `<!doctype html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(labels.title)}</title>
<link rel="stylesheet" href="/live/view.css">
</head>
<body>
<main id="view" data-view="${data}">
<h1>${escapeHtml(labels.title)}</h1>
<p id="status" role="status" aria-live="polite">${escapeHtml(labels.connecting)}</p>
<ol id="lines" aria-live="polite" aria-relevant="additions"></ol>
</main>
<script src="/live/view.js" defer></script>
</body>
</html>
`;
}

export function expiredPage(labels: Labels, language: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(language)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(labels.title)}</title><link rel="stylesheet" href="/live/view.css"></head>
<body><main><h1>${escapeHtml(labels.title)}</h1><p>${escapeHtml(labels.expired)}</p></main></body></html>
`;
}

export const VIEW_CSS = `body{font-family:system-ui,sans-serif;margin:0;padding:1rem;line-height:1.5;color:#111;background:#fff}
main{max-width:48rem;margin:0 auto}h1{font-size:1.4rem}
ol{list-style:none;padding:0}li{border-left:4px solid #555;padding:.5rem .75rem;margin:.75rem 0;background:#f4f4f4}
li.agent{border-color:#0a5ca8}li.caller{border-color:#8a4b00}
.who{font-weight:bold;display:block}.original{display:block;color:#333;font-size:.95rem;margin-top:.25rem}
#status{font-style:italic}@media (prefers-color-scheme:dark){body{background:#111;color:#eee}li{background:#222}.original{color:#ccc}}
`;

/** Runs in the browser: one EventSource, lines appended in order of their start. */
export const VIEW_JS = `(() => {
  const main = document.getElementById('view');
  const { labels } = JSON.parse(main.dataset.view);
  const list = document.getElementById('lines');
  const status = document.getElementById('status');
  const seen = new Set();
  const source = new EventSource(location.pathname.replace(/\\/$/, '') + '/events');
  source.addEventListener('open', () => { status.textContent = labels.live; });
  source.addEventListener('line', (event) => {
    const line = JSON.parse(event.data);
    if (seen.has(line.id)) return;
    seen.add(line.id);
    const item = document.createElement('li');
    item.className = line.speaker;
    item.dataset.start = String(line.start);
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = line.speaker === 'agent' ? labels.agent : labels.caller;
    const text = document.createElement('span');
    text.lang = line.language;
    text.textContent = line.text;
    item.append(who, text);
    if (line.original) {
      const original = document.createElement('span');
      original.className = 'original';
      const label = document.createElement('b');
      label.textContent = labels.original + ': ';
      const said = document.createElement('span');
      said.lang = line.original.language;
      said.textContent = line.original.text;
      original.append(label, said);
      item.append(original);
    }
    const after = [...list.children].find((li) => Number(li.dataset.start) > line.start);
    list.insertBefore(item, after ?? null);
  });
  source.addEventListener('end', () => { status.textContent = labels.ended; source.close(); });
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) status.textContent = labels.expired;
  });
})();
`;
