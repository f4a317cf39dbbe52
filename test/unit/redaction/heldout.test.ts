import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type CorpusEntry,
  evaluateCorpus,
  targetFailures,
} from '../../../functions/redaction/evaluateCorpus';

/** Sentences written after the detectors were tuned on corpus.jsonl: a check against overfitting. */
const entries: CorpusEntry[] = readFileSync(
  new URL('../../fixtures/redaction/heldout.jsonl', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line));

describe('Redaction on the held-out sentences', () => {
  it('meets the targets of every type, names included', () => {
    const scores = evaluateCorpus(entries);

    expect(scores.get('NAME')?.truePositives).toBeGreaterThan(5);
    expect(targetFailures(scores).filter((f) => !f.includes('no labelled entities'))).toEqual([]);
  });
});
