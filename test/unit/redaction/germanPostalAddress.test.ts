import { describe, expect, it } from 'vitest';
import { detectPostalAddresses } from '../../../functions/redaction/germanPostalAddress';
import { found } from './found';

describe('Function: detectPostalAddresses', () => {
  it.each([
    'Musterstraße 12, 10115 Berlin',
    'Hauptstr. 5a 80331 München',
    'Berliner Straße 7, 60311 Frankfurt am Main',
    'Karl-Marx-Allee 90a, 10243 Berlin',
    'St.-Martin-Straße 4, 81541 München',
    'Am Alten Markt 3, 14467 Potsdam',
    'Unter den Linden 77, 10117 Berlin',
    'Friedrichstraße 176-179, 10117 Berlin',
    'Lindenweg 4, 06108 Halle (Saale)',
    'Lindenweg 4 in 04109 Leipzig',
    'Musterstraße 12 10115 Berlin-Mitte',
  ])('finds %s', (address) => {
    expect(found(detectPostalAddresses, `Ich wohne ${address}, seit Mai.`)).toEqual([address]);
  });

  it.each([
    ['a postcode and city alone', 'Ich ziehe nach 10115 Berlin.'],
    ['a street without postcode', 'Ich wohne in der Musterstraße 12.'],
    ['a count before a postcode', 'Wir haben 12 Anträge aus 80331 München.'],
    ['a postcode starting 00', 'Musterstraße 12, 00115 Berlin'],
  ])('ignores %s', (_, text) => {
    expect(detectPostalAddresses(text)).toEqual([]);
  });

  it('does not take the month after a city for part of its name', () => {
    expect(found(detectPostalAddresses, 'Musterstraße 12, 10115 Berlin im Januar')).toEqual([
      'Musterstraße 12, 10115 Berlin',
    ]);
  });
});
