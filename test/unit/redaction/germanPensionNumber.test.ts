import { describe, expect, it } from 'vitest';
import {
  detectPensionNumbers,
  isValidPensionNumber,
  pensionCheckDigit,
} from '../../../functions/redaction/germanPensionNumber';
import { found } from './found';

describe('Function: isValidPensionNumber', () => {
  it.each(['65 170839 J 003', '65170839J003', '10010490A443', '02061270z021'])(
    'accepts %s',
    (value) => {
      expect(isValidPensionNumber(value)).toBe(true);
    },
  );

  it.each([
    ['a wrong check digit', '65170839J004'],
    ['an impossible birth month', '65171339J003'],
    ['an impossible area', '00170839J003'],
    ['a digit instead of the letter', '651708391003'],
  ])('rejects a number with %s', (_, value) => {
    expect(isValidPensionNumber(value)).toBe(false);
  });

  it('converts the letter to its alphabet position (J = 10) before weighting', () => {
    expect(pensionCheckDigit('65170839J00')).toBe(3);
  });
});

describe('Function: detectPensionNumbers', () => {
  it('finds spaced, compact and dashed forms', () => {
    const text = 'RV 65 170839 J 003, 10010490A443 und 65-170839-J-003.';
    expect(found(detectPensionNumbers, text)).toEqual([
      '65 170839 J 003',
      '10010490A443',
      '65-170839-J-003',
    ]);
  });

  it('ignores a wrong check digit and job-centre customer numbers', () => {
    expect(detectPensionNumbers('65 170839 J 004, Kundennummer 123D456789')).toEqual([]);
  });
});
