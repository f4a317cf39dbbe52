import { contextIsIdentifier } from './phoneNumber';
import type { Match } from './types';

/**
 * Phone numbers read out digit by digit, as speech recognisers write them: "null eins sieben
 * eins, fünf fünf fünf …", "oh one six one …", "0 1 7 1 5 5 5 …", "plus vier neun …", with
 * "double five" / "doppel fünf". A run qualifies when it starts like a number one dials (0, 00
 * or plus), holds 7 to 15 digits, and the words before it do not name another identifier.
 */
const DIGIT_WORDS: Readonly<Record<string, string>> = {
  null: '0',
  zero: '0',
  oh: '0',
  o: '0',
  eins: '1',
  ein: '1',
  one: '1',
  zwei: '2',
  zwo: '2',
  two: '2',
  drei: '3',
  three: '3',
  vier: '4',
  four: '4',
  fünf: '5',
  fuenf: '5',
  five: '5',
  sechs: '6',
  six: '6',
  sieben: '7',
  seven: '7',
  acht: '8',
  eight: '8',
  neun: '9',
  nine: '9',
};
const REPEAT: Readonly<Record<string, number>> = { double: 2, doppel: 2, triple: 3 };
const PLUS = new Set(['plus', '+']);

interface Token {
  text: string;
  start: number;
  end: number;
}

const TOKEN = /\+|\d+|\p{L}+/gu;
/** Between the parts of one number: spaces, commas, dashes, slashes. */
const SEPARATOR = /^[\s,\-/]*$/;

export function detectSpokenPhoneNumbers(text: string): Match[] {
  const tokens: Token[] = [...text.matchAll(TOKEN)].map((m) => ({
    text: m[0].toLowerCase(),
    start: m.index,
    end: m.index + m[0].length,
  }));
  const matches: Match[] = [];
  let i = 0;
  while (i < tokens.length) {
    // Not from the middle of a written number ("DE89 3704 0044 …", a card): only from its start.
    const read = continuesNumber(text, tokens, i) ? undefined : readNumber(text, tokens, i);
    if (read && isPhone(read.digits, read.plus) && !contextIsIdentifier(text, read.start)) {
      matches.push({ type: 'PHONE', start: read.start, end: read.end });
      i = read.next;
    } else {
      i++;
    }
  }
  return matches;
}

function continuesNumber(text: string, tokens: Token[], i: number): boolean {
  const previous = tokens[i - 1];
  const token = tokens[i] as Token;
  if (!previous || (!/\d$/.test(previous.text) && DIGIT_WORDS[previous.text] === undefined))
    return false;
  return SEPARATOR.test(text.slice(previous.end, token.start));
}

function isPhone(digits: string, plus: boolean): boolean {
  if (plus) return digits.length >= 8 && digits.length <= 15 && digits[0] !== '0';
  return digits.startsWith('0') && digits.length >= 7 && digits.length <= 15;
}

/** Digits read from token `i` on, through separators; undefined when it is no digit run. */
function readNumber(
  text: string,
  tokens: Token[],
  i: number,
): { digits: string; plus: boolean; start: number; end: number; next: number } | undefined {
  const first = tokens[i] as Token;
  const plus = PLUS.has(first.text);
  let j = plus ? i + 1 : i;
  let digits = '';
  let end = first.end;
  let repeat = 1;
  // Single digits and short groups ("0 30 12 34") are read out; a 5+ digit token is written.
  while (j < tokens.length) {
    const token = tokens[j] as Token;
    const previous = tokens[j - 1];
    if (j > i && previous && !SEPARATOR.test(text.slice(previous.end, token.start))) break;
    const word = DIGIT_WORDS[token.text];
    const times = REPEAT[token.text];
    if (times) {
      repeat = times;
    } else if (word !== undefined || /^\d{1,4}$/.test(token.text)) {
      // "o" and "oh" are digits only inside a run, never at its start.
      if (digits === '' && (token.text === 'o' || token.text === 'oh') && !plus && j === i) {
        if (!DIGIT_WORDS[tokens[j + 1]?.text ?? '']) return undefined;
      }
      digits += (word ?? token.text).repeat(repeat);
      repeat = 1;
      end = token.end;
    } else {
      break;
    }
    j++;
  }
  if (digits.length === 0) return undefined;
  return { digits, plus, start: first.start, end, next: j };
}
