import { describe, expect, it } from 'vitest';
import { detectDatesOfBirth } from '../../../functions/redaction/dateOfBirth';
import { found } from './found';

describe('Function: detectDatesOfBirth', () => {
  it.each([
    ['Geburtsdatum: 12.03.1980.', '12.03.1980'],
    ['geb. 3.3.80, ledig', '3.3.80'],
    ['Ich bin am 3. März 1980 geboren.', '3. März 1980'],
    ['Mein Geburtsdatum, äh, 14. Februar 1977.', '14. Februar 1977'],
    ['Mein Geburtstag ist am 12. Mai.', '12. Mai'],
    ['Geboren in Aleppo am 1. Januar 1990.', '1. Januar 1990'],
    ['Date of birth: 1979-11-02', '1979-11-02'],
    ['DOB 12/25/1980 per the passport', '12/25/1980'],
    ['Born on the 3rd of March 1980.', '3rd of March 1980'],
    ['My birthday is July 4th, 1999.', 'July 4th, 1999'],
    ['I was born in Kyiv on 3 May 1980.', '3 May 1980'],
  ])('finds the date in "%s"', (text, date) => {
    expect(found(detectDatesOfBirth, text)).toEqual([date]);
  });

  it.each([
    ['a date without birth context', 'Der Termin ist am 12.03.2026.'],
    ['a birth word in another clause', 'Mein Sohn ist 2010 geboren, der Termin ist am 14.05.2026.'],
    ['a birth word in the previous sentence', 'Ich bin dort geboren. Am 12.03.2026 ziehe ich um.'],
    ['a birth certificate date', 'Die Geburtsurkunde vom 12.05.2020 liegt bei.'],
    ['a year only', 'I was born in 1985.'],
    ['an impossible date', 'geboren am 31.13.1980'],
  ])('ignores %s', (_, text) => {
    expect(detectDatesOfBirth(text)).toEqual([]);
  });
});
