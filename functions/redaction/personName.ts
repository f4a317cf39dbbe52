import { nameGazetteer } from './nameGazetteer';
import { NOT_NAMES } from './names/notNames';
import type { Match } from './types';

/**
 * Names of people on the offline path, without a model: a gazetteer of first and family names
 * (German, English, Turkish, Arabic, Ukrainian and Russian in Latin script; see
 * scripts/generate-name-gazetteer.ts) plus the places names stand in a call. A known first name
 * alone is not enough ("Mark the box", "Rose"): it needs a family name after it, a title before
 * it ("Frau Kaya"), or a phrase that introduces a person ("my name is", "mein Sohn").
 * Speech recognisers write lower case, so after such a phrase case does not matter.
 */

/** Family-name endings common in Ukrainian, Russian, Polish, Turkish and Armenian names. */
const FAMILY_ENDING =
  /(?:enko|chuk|chyk|yuk|iuk|czuk|nyk|nik|ovych|evych|ovich|evich|ov|ova|ev|eva|sky|ska|ski|skyi|skiy|skii|oglu|oğlu|yan|ian)$/;
/** "Al-Rashid", "El-Sayed", "Abu-Bakr", "Bin-Laden". */
const FAMILY_PREFIX = /^(?:al|el|abu|abou|bin|ibn|ben)-\p{L}{2,}$/u;

const TITLES = new Set(['herr', 'herrn', 'frau', 'mr', 'mrs', 'ms', 'miss', 'bay', 'bayan']);
const NOT_AFTER_TITLE = new Set([
  'doktor',
  'dr',
  'professor',
  'prof',
  'minister',
  'ministerin',
  'präsident',
  'präsidentin',
  'bürgermeister',
  'bürgermeisterin',
  'kollege',
  'kollegin',
  'nachbar',
  'nachbarin',
  'und',
  'and',
]);
/** Phrases after which a name follows; the last word of each is matched against tokens. */
const INTRODUCERS: readonly string[][] = `
mein name ist|my name is|my name's|ich heiße|ich heisse|heißt|heisst|heißen|heissen|hier spricht
|hier ist|this is|i am|i'm|ich bin|benim adım|adım|named|called|sohn|tochter|mann|ehemann|ehefrau
|bruder|schwester|vater|mutter|nachbar|nachbarin|betreuer|betreuerin|kollege|kollegin|freund
|freundin|son|daughter|husband|wife|brother|sister|father|mother|colleague|neighbour|neighbor
|friend|kinder|children|talked to|spoke with|spoke to|sprechen mit|an`
  .split('|')
  .map((phrase) => phrase.trim().split(' '));

interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  capital: boolean;
}

const TOKEN = /\p{L}[\p{L}'’-]*/gu;

function tokenize(text: string): Token[] {
  // A placeholder of an earlier redaction ("[NAME]", "[EMAIL]") is no word of the text.
  const words = [...text.matchAll(TOKEN)].filter(
    (m) => !(text[m.index - 1] === '[' && text[m.index + m[0].length] === ']'),
  );
  return words.map((m) => {
    const word = m[0].replace(/['’-]+$/, '');
    return {
      text: word,
      lower: word.toLowerCase(),
      start: m.index,
      end: m.index + word.length,
      capital: /^\p{Lu}/u.test(word),
    };
  });
}

const isGiven = (t: Token) => nameGazetteer().first.has(t.lower) && !NOT_NAMES.has(t.lower);
const isFamily = (t: Token) =>
  !NOT_NAMES.has(t.lower) &&
  (nameGazetteer().last.has(t.lower) ||
    FAMILY_PREFIX.test(t.lower) ||
    (t.lower.length > 4 && FAMILY_ENDING.test(t.lower)));
const isKnown = (t: Token) => isGiven(t) || isFamily(t);

/** Only spaces (no comma, no full stop) between two tokens: they belong to one name. */
const adjacent = (text: string, a: Token, b: Token) => /^ +$/.test(text.slice(a.end, b.start));

/** Tokens from `i` on that pass `accept`, at most three, adjacent. */
function run(text: string, tokens: Token[], i: number, accept: (t: Token) => boolean): number {
  let j = i;
  while (j < tokens.length && j - i < 3) {
    const token = tokens[j] as Token;
    if (!accept(token) || (j > i && !adjacent(text, tokens[j - 1] as Token, token))) break;
    j++;
  }
  return j;
}

function span(tokens: Token[], from: number, to: number): Match {
  return { type: 'NAME', start: (tokens[from] as Token).start, end: (tokens[to - 1] as Token).end };
}

export function detectNames(text: string): Match[] {
  const tokens = tokenize(text);
  const found: Match[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    // "Frau Kaya", "Herr Dieter Schulz", "Mrs Davies": capitalised words after a title.
    if (TITLES.has(token.lower) && token.capital) {
      const end = run(
        text,
        tokens,
        i + 1,
        (t) => t.capital && !NOT_AFTER_TITLE.has(t.lower) && !NOT_NAMES.has(t.lower),
      );
      if (end > i + 1) found.push(span(tokens, i + 1, end));
    }
    // "my name is oleksandr kovalenko", "mein Sohn Lukas", "heißen Mykola und Sofiia".
    const introduced = INTRODUCERS.find((phrase) =>
      phrase.every((word, k) => tokens[i + k]?.lower === word),
    );
    if (introduced) {
      let next = i + introduced.length;
      while (next < tokens.length) {
        // A known name opens it; capitalised words after it belong to it ("Robert Clarke").
        const opener = tokens[next] as Token;
        const end = isKnown(opener)
          ? run(
              text,
              tokens,
              next,
              (t) =>
                t === opener ||
                isKnown(t) ||
                (opener.capital && t.capital && !NOT_NAMES.has(t.lower)),
            )
          : next;
        if (end === next) break;
        found.push(span(tokens, next, end));
        const joiner = tokens[end]?.lower;
        if (joiner !== 'und' && joiner !== 'and') break;
        next = end + 1;
      }
    }
    // "Anna Fischer", "Olena Shevchenko": a known first name and a family name, capitalised.
    if (token.capital && isGiven(token)) {
      const end = run(text, tokens, i + 1, (t) => t.capital && isFamily(t));
      if (end > i + 1) found.push(span(tokens, i, end));
    }
  }
  return found;
}
