import type { Match } from './types';

const SUFFIX =
  'straße|strasse|str\\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad|markt|hof|promenade|kamp|stieg|graben|wall|berg|brücke|anger|zeile|park|feld|garten|gärten|tor|plan|kai|twiete|redder|bogen|winkel|höhe|aue|grund|tal|siedlung|stadt|dorf';
const NOUN =
  'Straße|Strasse|Str\\.|Landstraße|Chaussee|Allee|Weg|Platz|Gasse|Ring|Damm|Ufer|Markt|Steig|Pfad|Graben|Wall|Brücke|Hof|Berg|Tor|Kai';
const STREET = [
  // One word with a street suffix: "Musterstraße", "Hauptstr.", "Karl-Marx-Allee", "St.-Anna-Weg".
  `(?:(?:St|Dr|Prof)\\.-)?\\p{Lu}[\\p{L}\\-]*?(?:${SUFFIX}|-(?:${NOUN}))`,
  // Adjective + street noun: "Berliner Straße", "Alte Gasse".
  `\\p{Lu}[\\p{L}\\-]*(?:er|e|en|es)\\s(?:${NOUN})`,
  // Names with an article or a date: "Straße des 17. Juni", "Platz der Republik".
  `(?:Straße|Strasse|Platz|Allee|Ring|Weg) de[rs] (?:\\d{1,2}\\. )?\\p{Lu}[\\p{L}\\-]+`,
  // Prepositional names: "Am Alten Markt", "Unter den Linden", "An der Alster".
  `(?:Am|An der|An den|Auf dem|Auf der|Im|In der|In den|Unter den|Zum|Zur|Hinter der|Vor dem)\\s\\p{Lu}[\\p{L}\\-]+(?:\\s\\p{Lu}[\\p{L}\\-]+)?`,
].join('|');
const HOUSE_NUMBER = '\\d{1,4}\\s?[a-zA-Z]?(?:\\s?[-/]\\s?\\d{1,4}\\s?[a-zA-Z]?)?';
// Floor or flat between number and postcode: "Hauptstraße 12, 3. OG, 10115 Berlin".
const UNIT =
  '(?:\\d{1,2}\\.\\s?(?:OG|Etage|Stock|Obergeschoss)|EG|DG|Whg\\.?\\s?\\d{1,4}|Wohnung\\s\\d{1,4})\\s*,?\\s*';
const STREET_AND_NUMBER = new RegExp(
  `(?<![\\p{L}\\-])(?:${STREET})\\s*${HOUSE_NUMBER}\\s*,?\\s*(?:${UNIT})?(?:in\\s+)?$`,
  'u',
);

// City names with the suffixes that are part of the name ("Frankfurt am Main", "Halle (Saale)").
const RIVERS =
  'Main|Oder|Ruhr|Donau|Rhein|Neckar|Lahn|Saale|Havel|Elbe|Weser|Isar|Lech|Inn|Mosel|Fulda|Spree|Ems|Breisgau|Allgäu|Taunus|Tauber|Oberpfalz|Harz|Nahe|Sieg|Ilm';
const CITY = `(?:(?:Bad|Sankt|St\\.)\\s)?\\p{Lu}[\\p{Ll}ß]+(?:-\\p{Lu}?[\\p{Ll}ß]+)*(?:\\s(?:am|an der|im|in der|ob der)\\s(?:${RIVERS})(?!\\p{L})|\\s?\\/\\s?(?:${RIVERS})(?!\\p{L})|\\s?\\(\\p{Lu}[\\p{Ll}ß]+\\)|\\sa\\.\\s?M\\.)?`;
// Starts on the digits (no leading look-behind) so the engine can skip ahead quickly.
const POSTCODE_CITY = new RegExp(`(?!00)\\d{5}\\s+${CITY}`, 'gu');

/**
 * Anchored on "postcode + city" (cheap to find, rare by chance), then looks back for
 * "street + house number": a bare postcode, or a street without a postcode, is not matched.
 */
export function detectPostalAddresses(text: string): Match[] {
  const matches: Match[] = [];
  for (const found of text.matchAll(POSTCODE_CITY)) {
    if (/[\p{L}\d]/u.test(text[found.index - 1] ?? '')) continue;
    const windowStart = Math.max(0, found.index - 80);
    const street = STREET_AND_NUMBER.exec(text.slice(windowStart, found.index));
    if (!street) continue;
    const start = windowStart + street.index;
    matches.push({ type: 'ADDRESS', start, end: found.index + found[0].length });
  }
  return matches;
}
