import type { Match } from './types';

/** ISO 7064 MOD 11,10 check digit over the first ten digits. */
export function taxIdCheckDigit(firstTen: string): number {
  let product = 10;
  for (const ch of firstTen) {
    let sum = (Number(ch) + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = 11 - product;
  return check === 10 ? 0 : check;
}

/**
 * BZSt structure rule for the first ten digits: exactly one digit occurs twice or three times,
 * every other at most once, and a triple digit never stands in three consecutive positions.
 */
function hasValidRepetition(firstTen: string): boolean {
  const counts = new Map<string, number>();
  for (const ch of firstTen) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const repeated = [...counts].filter(([, count]) => count > 1);
  if (repeated.length !== 1) return false;
  const [digit, count] = repeated[0] as [string, number];
  if (count > 3) return false;
  return !(count === 3 && firstTen.includes(digit.repeat(3)));
}

/** Steuerliche Identifikationsnummer: 11 digits, no leading zero, structure rule, check digit. */
export function isValidTaxId(value: string): boolean {
  const digits = value.replace(/\s/g, '');
  if (!/^[1-9]\d{10}$/.test(digits)) return false;
  const firstTen = digits.slice(0, 10);
  return hasValidRepetition(firstTen) && taxIdCheckDigit(firstTen) === Number(digits[10]);
}

// 11 digits with optional single spaces ("36 574 261 809"), not part of a longer digit group.
// What precedes is checked in code: a leading look-behind slows the scan down.
const CANDIDATE = /[1-9](?: ?\d){10}(?! ?\d)(?![/-]\d)/g;
const AFTER_DIGIT_GROUP = /[\d+][ /-]?$/;

export function detectTaxIds(text: string): Match[] {
  const matches: Match[] = [];
  for (const found of text.matchAll(CANDIDATE)) {
    const before = text.slice(Math.max(0, found.index - 2), found.index);
    if (!AFTER_DIGIT_GROUP.test(before) && isValidTaxId(found[0])) {
      matches.push({ type: 'TAX_ID', start: found.index, end: found.index + found[0].length });
    }
  }
  return matches;
}
