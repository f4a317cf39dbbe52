import { describe, expect, it } from 'vitest';
import { detectPhoneNumbers } from '../../../functions/redaction/phoneNumber';
import { found } from './found';

describe('Function: detectPhoneNumbers', () => {
  it.each([
    '+49 30 1234567',
    '+49 (0)171 2345678',
    '+4915112345678',
    '0049 89 12345678',
    '+33 6 12 34 56 78',
    '030 1234567',
    '0171-1234567',
    '(030) 123 45 67',
    '089/12345678',
    '030 / 123 456 78',
    '0221 987654-12',
    '0800 1234567',
  ])('finds %s', (number) => {
    expect(found(detectPhoneNumbers, `Erreichbar unter ${number}, danke.`)).toEqual([number]);
  });

  it.each([
    ['a date', 'Der Bescheid vom 01.02.2026 und 01-02-2026'],
    ['a date written without separators', 'Termin 01022026'],
    ['a postcode', 'PLZ 01067 Dresden'],
    ['an amount', 'Sie bekommen 1.234,56 Euro und 0,50 Euro'],
    ['times', 'von 08:00 bis 12:00 und 08-12 Uhr'],
    ['a case number', 'Aktenzeichen 12 AB 345/26, AZ 12345'],
    ['a ticket number', 'Ihre Ticketnummer ist 0815 4711 2233'],
    ['a customer number', 'Kundennummer 0123456789'],
    ['a waiting number', 'Ihre Wartenummer ist 0815-0042'],
    ['the tail of an IBAN with a wrong check digit', 'DE88 3704 0044 0532 0130 00'],
  ])('ignores %s', (_, text) => {
    expect(detectPhoneNumbers(text)).toEqual([]);
  });

  it('lets a phone word win over an identifier word inside a compound', () => {
    expect(found(detectPhoneNumbers, 'Telefonnummer 030 1234567, Tel.-Nr. 040 7654321')).toEqual([
      '030 1234567',
      '040 7654321',
    ]);
  });
});
