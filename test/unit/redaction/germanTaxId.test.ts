import { describe, expect, it } from 'vitest';
import {
  detectTaxIds,
  isValidTaxId,
  taxIdCheckDigit,
} from '../../../functions/redaction/germanTaxId';
import { found } from './found';

describe('Function: isValidTaxId', () => {
  it.each(['36 574 261 809', '36574261809', '87407129537', '57549285017'])('accepts %s', (id) => {
    expect(isValidTaxId(id)).toBe(true);
  });

  it.each([
    ['a wrong check digit', '36574261890'],
    ['two repeated digits', '36554266806'],
    ['no repeated digit', '12345678901'],
    ['a leading zero', '06574261809'],
    ['too few digits', '3657426180'],
  ])('rejects a number with %s', (_, id) => {
    expect(isValidTaxId(id)).toBe(false);
  });

  it('rejects a digit three times in a row but accepts it three times apart', () => {
    // Prepare: correct check digits, so only the repetition rule can decide
    const inARow = `1112345678${taxIdCheckDigit('1112345678')}`;
    const apart = `1121345678${taxIdCheckDigit('1121345678')}`;
    // Assess
    expect(isValidTaxId(inARow)).toBe(false);
    expect(isValidTaxId(apart)).toBe(true);
  });

  it('computes the ISO 7064 MOD 11,10 check digit', () => {
    expect(taxIdCheckDigit('3657426180')).toBe(9);
  });
});

describe('Function: detectTaxIds', () => {
  it('finds compact and grouped forms', () => {
    const text = 'Steuer-ID 36 574 261 809, alt 87407129537, in Paaren 87 40 71 29 53 7.';
    expect(found(detectTaxIds, text)).toEqual([
      '36 574 261 809',
      '87407129537',
      '87 40 71 29 53 7',
    ]);
  });

  it('ignores numbers failing the checks and valid digits inside longer numbers', () => {
    const text = 'Nr. 36574261890, 12345678901, 136574261809, 2 36574261809 0, +36574261809';
    expect(detectTaxIds(text)).toEqual([]);
  });
});
