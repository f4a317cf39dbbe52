import { escapeHtml, escapeMarkdown } from './escape';

/**
 * A rendering as plain data, written out as Markdown or HTML by the two functions below, so both
 * formats say the same thing and escaping happens in exactly one place per format.
 */
export interface Page {
  /** Language of the labels and content (html lang). */
  language: string;
  title: string;
  /** The "AI-generated — pending review" warning shown above everything else. */
  banner: string;
  facts: Array<[label: string, value: string]>;
  sections: Section[];
}

export interface Item {
  /** Shown first and in bold, e.g. who must act. */
  lead?: string;
  text: string;
  /** Shown after the text and subdued, e.g. the due date. */
  note?: string;
}

export interface Section {
  heading: string;
  paragraph?: string;
  items?: Item[];
  /** Shown instead of an empty list. */
  empty: string;
}

export function toMarkdown(page: Page): string {
  const md = escapeMarkdown;
  const lines = [`# ${md(page.title)}`, '', `> **⚠ ${md(page.banner)}**`, ''];
  for (const [label, value] of page.facts) lines.push(`- **${md(label)}:** ${md(value)}`);
  for (const section of page.sections) {
    lines.push('', `## ${md(section.heading)}`, '');
    if (section.paragraph !== undefined) lines.push(md(section.paragraph));
    else if (!section.items?.length) lines.push(`_${md(section.empty)}_`);
    for (const item of section.items ?? []) {
      const lead = item.lead ? `**${md(item.lead)}** ` : '';
      const note = item.note ? ` _(${md(item.note)})_` : '';
      lines.push(`- ${lead}${md(item.text)}${note}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const RTL = new Set(['ar', 'ckb', 'dv', 'fa', 'he', 'ps', 'sd', 'ug', 'ur', 'yi']);

// Inline only: the page must open anywhere (a case file, an e-mail, offline) and load nothing.
const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
.banner{border:2px solid #b35c00;background:#fff4e5;padding:.5rem 1rem;font-weight:bold}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:bold}dd{margin:0}
h2{border-bottom:1px solid #ccc;padding-bottom:.2rem}.note,.empty{color:#555}`;

export function toHtml(page: Page): string {
  const h = escapeHtml;
  const dir = RTL.has(page.language) ? ' dir="rtl"' : '';
  const facts = page.facts.map(([label, value]) => `<dt>${h(label)}</dt><dd>${h(value)}</dd>`);
  const sections = page.sections.map((section) => {
    let body: string;
    if (section.paragraph !== undefined) body = `<p>${h(section.paragraph)}</p>`;
    else if (!section.items?.length) body = `<p class="empty">${h(section.empty)}</p>`;
    else {
      const items = section.items.map((item) => {
        const lead = item.lead ? `<strong>${h(item.lead)}</strong> ` : '';
        const note = item.note ? ` <span class="note">(${h(item.note)})</span>` : '';
        return `<li>${lead}${h(item.text)}${note}</li>`;
      });
      body = `<ul>\n${items.join('\n')}\n</ul>`;
    }
    return `<section>\n<h2>${h(section.heading)}</h2>\n${body}\n</section>`;
  });
  return `<!doctype html>
<html lang="${h(page.language)}"${dir}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${h(page.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<p class="banner" role="note">⚠ ${h(page.banner)}</p>
<h1>${h(page.title)}</h1>
<dl>${facts.join('')}</dl>
${sections.join('\n')}
</body>
</html>
`;
}
