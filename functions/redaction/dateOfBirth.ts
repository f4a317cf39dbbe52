import type { Match } from './types';

/** Month names and abbreviations (German, Austrian, English), index + 1 = month number. */
const MONTH_NAMES = [
  ['januar', 'jänner', 'january', 'jan'],
  ['februar', 'feber', 'february', 'feb'],
  ['märz', 'maerz', 'march', 'mär', 'mrz', 'mar'],
  ['april', 'apr'],
  ['mai', 'may'],
  ['juni', 'june', 'jun'],
  ['juli', 'july', 'jul'],
  ['august', 'aug'],
  ['september', 'sept', 'sep'],
  ['oktober', 'october', 'okt', 'oct'],
  ['november', 'nov'],
  ['dezember', 'december', 'dez', 'dec'],
];
const MONTH_NUMBER: Readonly<Record<string, number>> = Object.fromEntries(
  MONTH_NAMES.flatMap((names, i) => names.map((name) => [name, i + 1])),
);
const ABBREVIATIONS = new Set(
  'jan feb mär mrz mar apr jun jul aug sep sept okt oct nov dez dec'.split(' '),
);
// Longest first so "Sept" is not cut to "Sep" and "März" wins over "Mär".
const MONTHS = Object.keys(MONTH_NUMBER)
  .sort((a, b) => b.length - a.length)
  .join('|');

const DAY = String.raw`(?<day>[0-3]?\d)`;
const YEAR = String.raw`(?<year>(?:19|20)\d{2}|\d{2})`;
const ALTERNATIVES = [
  String.raw`${DAY}\.\s?(?<month>[01]?\d)\.\s?${YEAR}(?!\d)`,
  String.raw`${DAY}\/(?<month>[0-3]?\d)\/${YEAR}(?!\d)`,
  String.raw`${DAY}-(?<month>[01]?\d)-(?<year>(?:19|20)\d{2})(?!\d)`,
  String.raw`(?<year>(?:19|20)\d{2})-(?<month>[01]\d)-${DAY}(?!\d)`,
  String.raw`${DAY}(?:\.|st|nd|rd|th)?(?:\s+of)?\s*(?<name>${MONTHS})\.?(?!\p{L})(?:,?\s+${YEAR}(?!\d))?`,
  String.raw`(?<name>${MONTHS})\.?\s+${DAY}(?:st|nd|rd|th)?(?![\p{L}\d])(?:,?\s+${YEAR}(?!\d))?`,
];
// Group names get a per-alternative suffix: duplicate names need Node 23+, we also run on 22.
const DATE = new RegExp(
  ALTERNATIVES.map(
    (alternative, i) => `(?<![\\p{L}\\d])(?:${alternative.replace(/\(\?<(\w+)>/g, `(?<$1_${i}>`)})`,
  ).join('|'),
  'giu',
);

/** The day, month, name and year groups of whichever alternative matched. */
function dateParts(groups: Record<string, string | undefined>): Record<string, string | undefined> {
  const parts: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(groups)) {
    if (value !== undefined) parts[key.replace(/_\d+$/, '')] = value;
  }
  return parts;
}

// Birth words; between one and the date only filler may stand, so "2010 geboren, der Termin
// ist am 14.05.2026" does not tie the appointment to the birth word.
const BIRTH_WORD =
  'geboren|geb\\.-datum|geb\\.|geburtsdatum|geburtstag|date of birth|birth date|birthdate|born|dob|d\\.o\\.b\\.|birthday';
const ANY_BIRTH_WORD = new RegExp(`(?:${BIRTH_WORD})`, 'iu');
const FILLER =
  "am|ist|war|lautet|der|den|die|das|mein|meine|ihr|ihre|sein|seine|also|äh|ähm|ja|genau|ich|bin|er|sie|wurde|the|on|is|was|my|his|her|it's|uh|um|so|i|of";
// A birthplace may stand between: "born in Kyiv on 3 May 1980", "geboren in Aleppo am ...".
const GAP = `(?:[\\s:,\\-–]|(?<!\\p{L})(?:${FILLER}|in\\s+\\p{Lu}[\\p{L}\\-]+)(?!\\p{L}))*`;
const BEFORE = new RegExp(`(?<!\\p{L})(?:${BIRTH_WORD})${GAP}$`, 'iu');
const AFTER = new RegExp(`^${GAP}(?:${BIRTH_WORD})(?!\\p{L})`, 'iu');

function isPlausible(groups: Record<string, string | undefined>): boolean {
  const day = Number(groups.day);
  const month = groups.name ? MONTH_NUMBER[groups.name.toLowerCase()] : Number(groups.month);
  if (month === undefined) return false;
  const valid = (d: number, m: number) => d >= 1 && d <= 31 && m >= 1 && m <= 12;
  // English speakers write 12/25/1980: accept either order for numeric dates.
  return valid(day, month) || (!groups.name && valid(month, day));
}

/** Dates only count as dates of birth when a birth word stands right before or after them. */
export function detectDatesOfBirth(text: string): Match[] {
  // Cheap gate: without a birth word nothing can qualify, so skip the date scan.
  if (!ANY_BIRTH_WORD.test(text)) return [];
  const matches: Match[] = [];
  for (const found of text.matchAll(DATE)) {
    const start = found.index;
    const groups = dateParts(found.groups ?? {});
    if (!isPlausible(groups)) continue;
    // The optional dot belongs to "Jan." but is the full stop after "12. Mai.".
    const sentenceStop =
      found[0].endsWith('.') && !ABBREVIATIONS.has(groups.name?.toLowerCase() ?? '');
    const end = start + found[0].length - (sentenceStop ? 1 : 0);
    const before = text.slice(Math.max(0, start - 50), start);
    const after = text.slice(end, end + 40);
    if (BEFORE.test(before) || AFTER.test(after))
      matches.push({ type: 'DATE_OF_BIRTH', start, end });
  }
  return matches;
}
