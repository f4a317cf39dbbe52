import { describe, expect, it } from 'vitest';
import { detectIbans, ibanCheckDigits, isValidIban } from '../../../functions/redaction/iban';
import { found } from './found';

describe('Function: isValidIban', () => {
  it.each([
    'DE89 3704 0044 0532 0130 00',
    'AT61 1904 3002 3457 3201',
    'FR14 2004 1010 0505 0001 3M02 606',
    'NL91 ABNA 0417 1643 00',
    'BE68 5390 0754 7034',
    'ES91 2100 0418 4502 0005 1332',
    'IT60 X054 2811 1010 0000 0123 456',
    'PL61 1090 1014 0000 0712 1981 2874',
    'CH93 0076 2011 6238 5295 7',
    'LU28 0019 4006 4475 0000',
    'de89370400440532013000',
  ])('accepts %s', (iban) => {
    expect(isValidIban(iban)).toBe(true);
  });

  it.each([
    ['a wrong check digit', 'DE88 3704 0044 0532 0130 00'],
    ['a missing group', 'DE89 3704 0044 0532 0130'],
    ['an unknown country', 'XX89 3704 0044 0532 0130 00'],
    ['letters where the country has digits', 'DE89 3704 0044 0532 0130 0A'],
  ])('rejects an IBAN with %s', (_, iban) => {
    expect(isValidIban(iban)).toBe(false);
  });

  it('computes check digits that validate', () => {
    // Act
    const digits = ibanCheckDigits('DE', '370400440532013000');
    // Assess
    expect(digits).toBe('89');
  });
});

describe('Function: detectIbans', () => {
  it('finds grouped, compact, lower-case and "DE 89" forms', () => {
    // Prepare
    const text =
      'A DE89 3704 0044 0532 0130 00, B AT611904300234573201, C de89 3704 0044 0532 0130 00, D DE 89 3704 0044 0532 0130 00.';
    // Act & Assess
    expect(found(detectIbans, text)).toEqual([
      'DE89 3704 0044 0532 0130 00',
      'AT611904300234573201',
      'de89 3704 0044 0532 0130 00',
      'DE 89 3704 0044 0532 0130 00',
    ]);
  });

  it('stops at the country length, leaving a following BIC out of the span', () => {
    expect(found(detectIbans, 'IBAN DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX')).toEqual([
      'DE89 3704 0044 0532 0130 00',
    ]);
  });

  it('ignores wrong check digits, creditor IDs and IBANs glued to other characters', () => {
    const text = 'DE88 3704 0044 0532 0130 00, DE98ZZZ09999999999, XDE89370400440532013000';
    expect(detectIbans(text)).toEqual([]);
  });
});
