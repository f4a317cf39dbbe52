import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type CorpusEntry,
  evaluateCorpus,
  TARGETS,
  targetFailures,
} from '../../../functions/redaction/evaluateCorpus';
import { isValidPensionNumber } from '../../../functions/redaction/germanPensionNumber';
import { isValidTaxId } from '../../../functions/redaction/germanTaxId';
import { isValidIban } from '../../../functions/redaction/iban';
import { isValidCardNumber } from '../../../functions/redaction/paymentCard';
import { PLACEHOLDERS, type RedactionType } from '../../../functions/redaction/types';

const corpus: CorpusEntry[] = readFileSync(
  new URL('../../fixtures/redaction/corpus.jsonl', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));

const VALIDATORS: Partial<Record<RedactionType, (value: string) => boolean>> = {
  IBAN: isValidIban,
  TAX_ID: isValidTaxId,
  PENSION_NO: isValidPensionNumber,
  CARD: isValidCardNumber,
};

describe('Fixture: redaction corpus', () => {
  it('holds at least 120 sentences with positives for every type and sentences without any', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(120);
    const types = new Set(corpus.flatMap((entry) => entry.entities.map((e) => e.type)));
    expect([...types].sort()).toEqual(Object.keys(PLACEHOLDERS).sort());
    expect(corpus.filter((entry) => entry.entities.length === 0).length).toBeGreaterThan(40);
  });

  it('labels spans inside the text, and checksum-type labels carry valid numbers', () => {
    for (const { text, entities } of corpus) {
      for (const entity of entities) {
        expect(entity.start).toBeGreaterThanOrEqual(0);
        expect(entity.end).toBeLessThanOrEqual(text.length);
        expect(entity.start).toBeLessThan(entity.end);
        const validate = VALIDATORS[entity.type];
        if (validate) expect(validate(text.slice(entity.start, entity.end))).toBe(true);
      }
    }
  });
});

describe('Function: evaluateCorpus', () => {
  it('meets the recall and precision targets for the checksum-validated types', () => {
    // Act
    const scores = evaluateCorpus(corpus);
    // Assess
    expect(targetFailures(scores)).toEqual([]);
    for (const type of ['IBAN', 'TAX_ID', 'PENSION_NO', 'CARD'] as const) {
      expect(scores.get(type)?.recall).toBeGreaterThanOrEqual(TARGETS.recall);
      expect(scores.get(type)?.precision).toBeGreaterThanOrEqual(TARGETS.precision);
    }
  });

  it('counts a span that is off by one character as both a miss and a false positive', () => {
    // Prepare: the label leaves out the last digit of the IBAN
    const entry: CorpusEntry = {
      text: 'IBAN DE89 3704 0044 0532 0130 00',
      entities: [{ type: 'IBAN', start: 5, end: 31 }],
    };
    // Act
    const score = evaluateCorpus([entry]).get('IBAN');
    // Assess
    expect(score).toMatchObject({ truePositives: 0, falsePositives: 1, falseNegatives: 1 });
    expect(score?.partialOverlaps).toBe(1);
    expect(targetFailures(new Map([['IBAN', score!]]))).toContain('IBAN: recall 0.000 < 0.98');
  });
});
