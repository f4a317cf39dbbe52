import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CorpusEntry } from '../../../functions/redaction/evaluateCorpus';
import { detectAll, redactText, resolveOverlaps } from '../../../functions/redaction/redact';
import type { Match } from '../../../functions/redaction/types';

const corpus: CorpusEntry[] = readFileSync(
  new URL('../../fixtures/redaction/corpus.jsonl', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));

describe('Function: redactText', () => {
  it('replaces each finding with its typed placeholder and records original offsets', () => {
    // Prepare
    const text = 'IBAN DE89 3704 0044 0532 0130 00, Mail max@example.de, Tel. 030 1234567.';
    // Act
    const result = redactText(text, 'turns[3].text');
    // Assess
    expect(result.text).toBe('IBAN [IBAN], Mail [EMAIL], Tel. [PHONE].');
    expect(result.redactions.map((r) => text.slice(r.start, r.end))).toEqual([
      'DE89 3704 0044 0532 0130 00',
      'max@example.de',
      '030 1234567',
    ]);
    expect(result.redactions[0]).toEqual({
      type: 'IBAN',
      start: 5,
      end: 32,
      placeholder: '[IBAN]',
      path: 'turns[3].text',
    });
  });

  it('records no value and no hash of a value', () => {
    const { redactions } = redactText('Steuer-ID 36 574 261 809', 'key_facts[0]');
    expect(Object.keys(redactions[0] ?? {}).sort()).toEqual([
      'end',
      'path',
      'placeholder',
      'start',
      'type',
    ]);
    expect(JSON.stringify(redactions)).not.toContain('574');
  });

  it('returns the same string when nothing is found', () => {
    const text = 'Guten Tag, ich rufe wegen meines Antrags an.';
    expect(redactText(text)).toEqual({ text, redactions: [] });
  });

  it('changes nothing when run over its own output (every corpus sentence)', () => {
    for (const { text } of corpus) {
      const once = redactText(text);
      const twice = redactText(once.text);
      expect(twice.text).toBe(once.text);
      expect(twice.redactions).toEqual([]);
    }
  });
});

describe('Function: resolveOverlaps', () => {
  const match = (type: Match['type'], start: number, end: number): Match => ({ type, start, end });

  it('keeps the longest of overlapping matches', () => {
    expect(resolveOverlaps([match('PHONE', 5, 15), match('IBAN', 0, 27)])).toEqual([
      match('IBAN', 0, 27),
    ]);
  });

  it('breaks a tie in length by type priority, whatever the input order', () => {
    const a = [match('PHONE', 0, 10), match('TAX_ID', 0, 10)];
    expect(resolveOverlaps(a)).toEqual([match('TAX_ID', 0, 10)]);
    expect(resolveOverlaps([...a].reverse())).toEqual([match('TAX_ID', 0, 10)]);
  });

  it('keeps the earlier of two equal overlapping matches and sorts the result by start', () => {
    expect(
      resolveOverlaps([match('PHONE', 20, 25), match('PHONE', 3, 9), match('PHONE', 6, 12)]),
    ).toEqual([match('PHONE', 3, 9), match('PHONE', 20, 25)]);
  });
});

describe('Function: detectAll', () => {
  it('prefers the checksum-validated IBAN over a phone-like tail of it', () => {
    expect(detectAll('Konto DE89 3704 0044 0532 0130 00')).toEqual([
      { type: 'IBAN', start: 6, end: 33 },
    ]);
  });
});
