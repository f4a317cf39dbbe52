import type { Match } from './types';

const WEIGHTS = [2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1] as const;

const digitSum = (n: number): number => Math.floor(n / 10) + (n % 10);

/**
 * DRV check digit: the letter becomes its two-digit alphabet position (A = 01), the twelve digits
 * are weighted 2,1,2,5,7,1,2,1,2,1,2,1, the digit sums of the products are added, mod 10.
 */
export function pensionCheckDigit(firstEleven: string): number {
  const upper = firstEleven.toUpperCase();
  const letter = String(upper.charCodeAt(8) - 64).padStart(2, '0');
  const digits = `${upper.slice(0, 8)}${letter}${upper.slice(9, 11)}`;
  let sum = 0;
  WEIGHTS.forEach((weight, i) => {
    sum += digitSum(Number(digits[i]) * weight);
  });
  return sum % 10;
}

/** Area 02..89, birth date DDMMYY, letter, serial, check digit; spaces allowed. */
export function isValidPensionNumber(value: string): boolean {
  const compact = value.replace(/[\s-]/g, '').toUpperCase();
  if (!/^\d{8}[A-Z]\d{3}$/.test(compact)) return false;
  const area = Number(compact.slice(0, 2));
  const day = Number(compact.slice(2, 4));
  const month = Number(compact.slice(4, 6));
  if (area < 2 || area > 89 || day < 1 || day > 31 || month < 1 || month > 12) return false;
  return pensionCheckDigit(compact.slice(0, 11)) === Number(compact[11]);
}

// "65 170839 J 003", "65170839J003", "65-170839-J-003": optional single space or dash between parts.
const CANDIDATE =
  /(?<![\p{L}\d])\d{2}[ -]?\d{2} ?\d{2} ?\d{2}[ -]?\p{L}[ -]?\d{2} ?\d(?![\p{L}\d])/gu;

export function detectPensionNumbers(text: string): Match[] {
  const matches: Match[] = [];
  for (const found of text.matchAll(CANDIDATE)) {
    if (isValidPensionNumber(found[0])) {
      matches.push({ type: 'PENSION_NO', start: found.index, end: found.index + found[0].length });
    }
  }
  return matches;
}
