import type { Match } from './types';

// Unicode letters on both sides: German mailboxes and internationalised domains use umlauts.
// A file extension is no top-level domain: "scan@2026.pdf" is an attachment name.
const WRITTEN =
  /(?<![\p{L}\d._%+-])[\p{L}\d](?:[\p{L}\d._%+-]*[\p{L}\d_%+-])?@(?:[\p{L}\d](?:[\p{L}\d-]*[\p{L}\d])?\.)+(?!(?:pdf|jpe?g|png|gif|docx?|xlsx?|odt|txt|zip)(?![\p{L}\d]))\p{L}{2,24}(?![\p{L}\d-])/gu;

// Speech-to-text writes a dictated address out: "anna punkt schmidt at gmx punkt de".
// Only a spoken "at" followed by a spoken dot and a common top-level domain qualifies, so an
// English "at" in ordinary speech does not.
const JOIN = String.raw`(?:\s(?:punkt|dot|minus|bindestrich|unterstrich|underscore)\s|[._-])`;
const SPOKEN = new RegExp(
  String.raw`(?<![\p{L}\d])[\p{L}\d]+(?:${JOIN}[\p{L}\d]+)*\s(?:at|ät|@)\s[\p{L}\d-]+(?:\s(?:punkt|dot)\s[\p{L}\d-]+)*\s(?:punkt|dot)\s(?:de|com|org|net|eu|at|ch|fr|pl|nl|it|es|info|io|uk|tr|ua|ru)(?![\p{L}\d])`,
  'giu',
);

const SPOKEN_AT = /\s(?:at|ät|@)\s/i;

export function detectEmails(text: string): Match[] {
  // Both patterns are costly to scan; the characters they need are cheap to look for first.
  const written = text.includes('@') ? [...text.matchAll(WRITTEN)] : [];
  const spoken = SPOKEN_AT.test(text) ? [...text.matchAll(SPOKEN)] : [];
  return [...written, ...spoken].map((found) => ({
    type: 'EMAIL' as const,
    start: found.index,
    end: found.index + found[0].length,
  }));
}
