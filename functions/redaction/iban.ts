import type { Match } from './types';

/**
 * BBAN structure per country from the ISO 13616 registry (n digits, a letters, c alphanumerics).
 * Checking the structure, not only the length, keeps ordinary words that happen to follow
 * "es 12 ..." from forming a candidate that then passes mod 97 by chance (1 in 97).
 */
const BBAN_FORMATS =
  'AD:8n12c AL:8n16c AT:16n BA:16n BE:12n BG:4a6n8c CH:5n12c CY:8n16c CZ:20n DE:18n DK:14n ' +
  'EE:16n ES:20n FI:14n FO:14n FR:10n11c2n GB:4a14n GI:4a15c GL:14n GR:7n16c HR:17n HU:24n ' +
  'IE:4a14n IS:22n IT:1a10n12c LI:5n12c LT:16n LU:3n13c LV:4a13c MC:10n11c2n MD:20c ME:18n ' +
  'MK:3n10c2n MT:4a5n18c NL:4a10n NO:11n PL:24n PT:21n RO:4a16c RS:18n SE:20n SI:15n SK:20n ' +
  'SM:1a10n12c TR:6n16c UA:6n19c VA:18n XK:16n';
const CLASSES: Readonly<Record<string, string>> = { n: '\\d', a: '[A-Z]', c: '[A-Z0-9]' };
const COUNTRIES = new Map(
  BBAN_FORMATS.split(' ').map((entry) => {
    const [country = '', format = ''] = entry.split(':');
    const parts = [...format.matchAll(/(\d+)([nac])/g)];
    const length = 4 + parts.reduce((sum, [, count]) => sum + Number(count), 0);
    const pattern = parts.map(([, count, kind]) => `${CLASSES[kind as string]}{${count}}`).join('');
    return [country, { length, bban: new RegExp(`^${pattern}$`) }];
  }),
);

/** Remainder of the number formed by the characters (letters as 10..35), without BigInt. */
function mod97(chars: string): number {
  let remainder = 0;
  for (const ch of chars) {
    const value = Number.parseInt(ch, 36);
    remainder = (remainder * (value < 10 ? 10 : 100) + value) % 97;
  }
  return remainder;
}

/** Accepts an IBAN with or without spaces, any case: structure, length and mod 97 = 1. */
export function isValidIban(value: string): boolean {
  const iban = value.replace(/[\s\u00A0-]/g, '').toUpperCase();
  const country = COUNTRIES.get(iban.slice(0, 2));
  if (!country || iban.length !== country.length || !/^\d{2}$/.test(iban.slice(2, 4))) return false;
  if (!country.bban.test(iban.slice(4))) return false;
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

/** The two check digits that make `country + ?? + bban` valid (used to build test data). */
export function ibanCheckDigits(country: string, bban: string): string {
  const check = 98 - mod97(`${bban}${country}00`.toUpperCase());
  return String(check).padStart(2, '0');
}

// No leading \b: a look-behind at every position is slow; the boundary is checked in code.
// "DE 89 ..." (a space after the country code) is how people read an IBAN out.
const START = /[A-Za-z]{2} ?\d{2}/g;
const isAlnum = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z0-9]/.test(ch);
// Read out or copied from a form, groups are parted by spaces or dashes ("DE89-3704-…").
const isSpace = (ch: string | undefined): boolean => ch === ' ' || ch === '\u00A0' || ch === '-';

/**
 * Walks from each `CCdd` start and takes exactly the country's length in characters, allowing
 * single spaces between them (any grouping: people and speech-to-text do not always group by 4).
 * Taking the exact length, not a greedy regex, keeps a following "BIC ..." out of the span.
 */
export function detectIbans(text: string): Match[] {
  const matches: Match[] = [];
  for (const found of text.matchAll(START)) {
    const start = found.index;
    if (isAlnum(text[start - 1])) continue;
    const length = COUNTRIES.get(found[0].slice(0, 2).toUpperCase())?.length;
    if (length === undefined) continue;
    let chars = '';
    let end = start;
    for (let i = start; i < text.length && chars.length < length; i++) {
      const ch = text[i];
      if (isAlnum(ch)) {
        chars += ch;
        end = i + 1;
      } else if (!(isSpace(ch) && isAlnum(text[i + 1]))) {
        break;
      }
    }
    // Glued to further characters: part of some longer token, not this IBAN.
    if (chars.length !== length || isAlnum(text[end])) continue;
    if (isValidIban(chars)) matches.push({ type: 'IBAN', start, end });
  }
  return matches;
}
