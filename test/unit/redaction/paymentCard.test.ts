import { describe, expect, it } from 'vitest';
import {
  detectPaymentCards,
  hasKnownIssuerPrefix,
  isValidCardNumber,
  passesLuhn,
} from '../../../functions/redaction/paymentCard';
import { found } from './found';

describe('Function: isValidCardNumber', () => {
  it.each([
    ['Visa', '4111 1111 1111 1111'],
    ['Visa 13 digits', '4107300387718'],
    ['Mastercard', '5555-5555-5555-4444'],
    ['Mastercard 2-series', '2221170212270284'],
    ['American Express', '3782 822463 10005'],
    ['Maestro 19 digits', '6759106263229596590'],
  ])('accepts a %s number', (_, number) => {
    expect(isValidCardNumber(number)).toBe(true);
  });

  it('rejects a number failing Luhn', () => {
    expect(isValidCardNumber('4111 1111 1111 1112')).toBe(false);
  });

  it('rejects a Luhn-valid number from no known issuer range', () => {
    // Prepare
    const number = '1591812894648089';
    // Assess
    expect(passesLuhn(number)).toBe(true);
    expect(hasKnownIssuerPrefix(number)).toBe(false);
    expect(isValidCardNumber(number)).toBe(false);
  });

  it('rejects a scheme prefix with the wrong length (a 15-digit IMEI starting 35)', () => {
    expect(isValidCardNumber('352099001761481')).toBe(false);
  });
});

describe('Function: detectPaymentCards', () => {
  it('finds spaced, dashed and compact numbers', () => {
    const text = 'Karte 4111 1111 1111 1111, 5555-5555-5555-4444 oder 378282246310005.';
    expect(found(detectPaymentCards, text)).toEqual([
      '4111 1111 1111 1111',
      '5555-5555-5555-4444',
      '378282246310005',
    ]);
  });

  it('ignores a card-like run that is part of a longer digit group', () => {
    expect(detectPaymentCards('Nr. 4111 1111 1111 1111 1')).toEqual([]);
  });
});
