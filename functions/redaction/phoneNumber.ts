import type { Match } from './types';

// Not glued to a word, a "+", or the tail of another digit group ("DE89 3704 0044 ...").
const NOT_AFTER = String.raw`(?<![\p{L}\d+])(?<!\d[ \-\/.,])`;
// Not followed by more digits in the same group, nor by ".5"/",50" (amounts, dates).
const NOT_BEFORE = String.raw`(?![\p{L}\d])(?![ \-\/.,:]\d)`;
// +49 30 1234567, +49 (0)30 1234567, 0049-171-1234567.
const INTERNATIONAL = String.raw`(?:\+|00)[1-9]\d{0,3}(?:[ \-]?\(0\))?(?:[ \-\/]?\d{1,8}){1,6}`;
// Area code 0 + 2..5 digits (so "01-02-2026" never qualifies), then subscriber groups.
// "030 / 123 456 78" is the old DIN way of writing it.
const NATIONAL = String.raw`(?:\(0[1-9]\d{1,4}\) ?|0[1-9]\d{1,4}(?: \/ |[ \-\/])?)\d{2,8}(?:[ \-]\d{1,8}){0,4}`;

const CANDIDATE = new RegExp(`${NOT_AFTER}(?:${INTERNATIONAL}|${NATIONAL})${NOT_BEFORE}`, 'gu');

/**
 * The last telling word before a candidate decides: identifiers read out in groups
 * ("Ticket 0815 4711", "Wartenummer 0815-0042") look exactly like phone numbers, the word in
 * front does not. A phone word wins inside a compound ("Telefonnummer", "Tel.-Nr.").
 */
const PHONE_WORD = /tel|phone|handy|mobil|ruf|erreich|call|reach|fax|durchwahl|festnetz|whatsapp/;
const IDENTIFIER_WORD =
  /ticket|vorgang|bestell|auftrag|kunde|aktenzeichen|^az\.?$|rechnung|order|referen|^ref\.?$|^case$|^fall|kennung|buchung|booking|invoice|tracking|sendung|paket|zähler|vertrag|contract|konto|account|^id$|^nr\.?$|serie|serial|iban|blz|^pin$|plz|postleitzahl|steuer|versicherung|.nummer$|.number$/;

export function contextIsIdentifier(text: string, start: number): boolean {
  let verdict = false;
  for (const [word] of text.slice(Math.max(0, start - 40), start).matchAll(/\p{L}[\p{L}.-]*/gu)) {
    const lower = word.toLowerCase();
    if (PHONE_WORD.test(lower)) verdict = false;
    else if (IDENTIFIER_WORD.test(lower)) verdict = true;
  }
  return verdict;
}

/** An unbroken 8-digit run that reads as DDMMYYYY is a date ("01021980"), not a number to call. */
function looksLikeDate(digits: string, raw: string): boolean {
  if (digits.length !== 8 || raw !== digits) return false;
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const year = Number(digits.slice(4));
  return day >= 1 && day <= 31 && month >= 1 && month <= 12 && year >= 1900 && year <= 2099;
}

function hasPlausibleLength(raw: string): boolean {
  const digits = raw.replace(/\(0\)/, '').replace(/\D/g, '');
  if (raw.startsWith('+')) return digits.length >= 8 && digits.length <= 15;
  if (raw.startsWith('00')) return digits.length >= 10 && digits.length <= 17;
  return digits.length >= 7 && digits.length <= 13 && !looksLikeDate(digits, raw);
}

export function detectPhoneNumbers(text: string): Match[] {
  const matches: Match[] = [];
  for (const found of text.matchAll(CANDIDATE)) {
    if (!hasPlausibleLength(found[0]) || contextIsIdentifier(text, found.index)) continue;
    matches.push({ type: 'PHONE', start: found.index, end: found.index + found[0].length });
  }
  return matches;
}
