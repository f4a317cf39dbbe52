import type { Match } from './types';

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const inRange = (digits: string, size: number, low: number, high: number): boolean => {
  const prefix = Number(digits.slice(0, size));
  return prefix >= low && prefix <= high;
};

/**
 * Issuer (IIN) prefixes and lengths of the schemes seen in Europe. A Luhn-valid number from an
 * unknown range is more likely an order or contract number than a card.
 */
export function hasKnownIssuerPrefix(digits: string): boolean {
  const n = digits.length;
  if (digits.startsWith('4')) return n === 13 || n === 16 || n === 19; // Visa
  if (inRange(digits, 2, 51, 55) || inRange(digits, 4, 2221, 2720)) return n === 16; // Mastercard
  if (inRange(digits, 4, 2200, 2204)) return n === 16; // Mir
  if (/^3[47]/.test(digits)) return n === 15; // American Express
  if (inRange(digits, 4, 3528, 3589)) return n >= 16; // JCB
  if (/^3(?:0[0-5]|[689])/.test(digits)) return n >= 14; // Diners Club
  if (/^(?:6011|64[4-9]|65|62)/.test(digits)) return n >= 16; // Discover, UnionPay
  return /^(?:50|5[6-9]|6)/.test(digits); // Maestro (13-19 digits)
}

export function isValidCardNumber(value: string): boolean {
  const digits = value.replace(/[\s-]/g, '');
  if (!/^\d{13,19}$/.test(digits)) return false;
  return hasKnownIssuerPrefix(digits) && passesLuhn(digits);
}

// 13-19 digits with optional single spaces or dashes, never part of a longer digit group.
const CANDIDATE = /(?<!\d[ -]?)\d(?:[ -]?\d){12,18}(?![ -]?\d)/g;

export function detectPaymentCards(text: string): Match[] {
  const matches: Match[] = [];
  for (const found of text.matchAll(CANDIDATE)) {
    if (isValidCardNumber(found[0])) {
      matches.push({ type: 'CARD', start: found.index, end: found.index + found[0].length });
    }
  }
  return matches;
}
