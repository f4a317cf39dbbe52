import type { Match } from './types';

// Unicode letters on both sides: German mailboxes and internationalised domains use umlauts.
// A file extension is no top-level domain: "scan@2026.pdf" is an attachment name.
const WRITTEN =
  /(?<![\p{L}\d._%+-])[\p{L}\d](?:[\p{L}\d._%+-]*[\p{L}\d_%+-])?@(?:[\p{L}\d](?:[\p{L}\d-]*[\p{L}\d])?\.)+(?!(?:pdf|jpe?g|png|gif|docx?|xlsx?|odt|txt|zip)(?![\p{L}\d]))\p{L}{2,24}(?![\p{L}\d-])/gu;

// Speech-to-text writes a dictated address out ("anna punkt schmidt at gmx punkt de"), and
// people hide one from scrapers ("info(at)verein(dot)de", "s.mitchell [at] example [dot] org").
// Only an "at" followed by a dot and a common top-level domain qualifies, so an English "at" in
// ordinary speech does not.
const WORD = String.raw`[\p{L}\d]+`;
const BRACKETED = (words: string) => String.raw`\s?[(\[](?:${words})[)\]]\s?`;
const JOIN = String.raw`(?:\s(?:punkt|dot|minus|bindestrich|unterstrich|underscore)\s|${BRACKETED('dot|punkt')}|[._-])`;
const AT = String.raw`(?:\s(?:at|ät|@)\s|${BRACKETED('at|ät|@')})`;
const DOT = String.raw`(?:\s(?:punkt|dot)\s|${BRACKETED('dot|punkt')}|\.)`;
const DOMAIN_JOIN = String.raw`(?:\s(?:minus|bindestrich)\s|-)`;
const TLD = 'de|com|org|net|eu|at|ch|fr|pl|nl|it|es|info|io|uk|tr|ua|ru';
const SPOKEN = new RegExp(
  String.raw`(?<![\p{L}\d])(?:${WORD}\s)?${WORD}(?:${JOIN}${WORD})*${AT}${WORD}(?:${DOMAIN_JOIN}${WORD})*(?:${DOT}${WORD}(?:${DOMAIN_JOIN}${WORD})*)*${DOT}(?:${TLD})(?![\p{L}\d])`,
  'giu',
);

const SPOKEN_AT = /\s(?:at|ät|@)\s|[([](?:at|ät|@)[)\]]/i;
/** Words that lead into an address, not part of it: "mail ist max at …", "an info(at)…". */
const LEAD_WORDS = new Set(
  'ist is an to lautet mail email e-mail adresse address unter at mir me mich bitte please schreiben write sie'.split(
    ' ',
  ),
);

/** A two-word local part ("juergen schaefer at …") loses a first word that only leads in. */
function trimLead(found: RegExpMatchArray): { start: number; end: number } {
  const start = found.index ?? 0;
  const end = start + found[0].length;
  const first = /^([\p{L}\d]+)\s/u.exec(found[0]);
  if (first && LEAD_WORDS.has((first[1] ?? '').toLowerCase())) {
    return { start: start + first[0].length, end };
  }
  return { start, end };
}

export function detectEmails(text: string): Match[] {
  // Both patterns are costly to scan; the characters they need are cheap to look for first.
  const written = text.includes('@') ? [...text.matchAll(WRITTEN)] : [];
  const spoken = SPOKEN_AT.test(text) ? [...text.matchAll(SPOKEN)] : [];
  return [
    ...written.map((found) => ({ start: found.index, end: found.index + found[0].length })),
    ...spoken.map(trimLead),
  ].map((span) => ({ type: 'EMAIL' as const, ...span }));
}
