import { stripControls } from './safeText';

/**
 * Every value in a rendering comes from a call (via AI), so it is untrusted text: a caller who
 * says "<script>" must see those characters, never run them in a case worker's browser.
 */

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe in HTML text and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return stripControls(text).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/** One line: a value must never start a new block (heading, list, quote) in the page. */
export function oneLine(text: string): string {
  return stripControls(text)
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .trim();
}

/**
 * Markdown viewers render inline HTML, links and emphasis, so the characters that start them are
 * backslash-escaped (CommonMark lets any ASCII punctuation be escaped), and so is a leading
 * character that would start a block. Hyphens and dots elsewhere stay, so dates read normally.
 */
export function escapeMarkdown(text: string): string {
  return defuseAutolinks(
    oneLine(text)
      .replace(/[\\`*_[\]<>|~&]/g, '\\$&')
      .replace(/^([#+=>-])/, '\\$1')
      .replace(/^(\d+)([.)])/, '$1\\$2'),
  );
}

/** A run of labels ending in a letters-only label: a host name such as `gmx.de` or `www.x.org`. */
const HOST = /[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)*\.\p{L}{2,}(?![\p{L}\p{N}_])/gu;

/**
 * GFM and markdown-it's linkify turn bare `https://…`, `www.…`, `name@host.tld` and even
 * `host.tld` into links, so a caller could plant a clickable link in a case note. An escaped
 * character splits the text where the link scanners look (both scan before escapes are joined
 * back), while the page still shows the same characters. Dates and decimals stay as they are.
 */
function defuseAutolinks(text: string): string {
  return text
    .replace(/:\/\//g, '\\:\\/\\/')
    .replace(/@/g, '\\@')
    .replace(HOST, (host) => host.replace(/\./g, '\\.'));
}
