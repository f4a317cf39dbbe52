import { detectAll } from './redact';
import type { Match, RedactionType } from './types';

/**
 * Scores the detectors against a labelled corpus, span-exact: a finding counts only when type,
 * start and end all agree. Kept beside the detectors so the eval script and the test share it.
 */

export interface CorpusEntry {
  text: string;
  entities: Match[];
}

export interface TypeScore {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** Findings of the right type that overlap a labelled entity without matching its span. */
  partialOverlaps: number;
  precision: number;
  recall: number;
}

/** Types whose detectors are checksum-validated, held to the hard targets below. */
export const CHECKSUM_TYPES: readonly RedactionType[] = ['IBAN', 'TAX_ID', 'PENSION_NO', 'CARD'];
export const TARGETS = Object.freeze({ recall: 0.98, precision: 0.95 });
/** Every other type, names included (issue 13). */
export const TYPE_TARGETS = Object.freeze({ recall: 0.95, precision: 0.95 });

const same = (a: Match, b: Match) => a.type === b.type && a.start === b.start && a.end === b.end;
const overlap = (a: Match, b: Match) => a.type === b.type && a.start < b.end && b.start < a.end;
// An empty denominator means nothing to get wrong.
const ratio = (hits: number, total: number) => (total === 0 ? 1 : hits / total);

export function evaluateCorpus(
  entries: readonly CorpusEntry[],
): Map<RedactionType | 'ALL', TypeScore> {
  const counts = new Map<RedactionType | 'ALL', Omit<TypeScore, 'precision' | 'recall'>>();
  const bump = (type: RedactionType, key: keyof Omit<TypeScore, 'precision' | 'recall'>) => {
    for (const k of [type, 'ALL'] as const) {
      const c = counts.get(k) ?? {
        truePositives: 0,
        falsePositives: 0,
        falseNegatives: 0,
        partialOverlaps: 0,
      };
      c[key] += 1;
      counts.set(k, c);
    }
  };
  for (const entry of entries) {
    const found = detectAll(entry.text);
    for (const f of found) {
      if (entry.entities.some((e) => same(e, f))) bump(f.type, 'truePositives');
      else {
        bump(f.type, 'falsePositives');
        if (entry.entities.some((e) => overlap(e, f))) bump(f.type, 'partialOverlaps');
      }
    }
    for (const e of entry.entities)
      if (!found.some((f) => same(e, f))) bump(e.type, 'falseNegatives');
  }
  const scores = new Map<RedactionType | 'ALL', TypeScore>();
  for (const [type, c] of counts) {
    scores.set(type, {
      ...c,
      precision: ratio(c.truePositives, c.truePositives + c.falsePositives),
      recall: ratio(c.truePositives, c.truePositives + c.falseNegatives),
    });
  }
  return scores;
}

/** Types that miss their target, with the reason; empty when all pass. */
export function targetFailures(scores: Map<RedactionType | 'ALL', TypeScore>): string[] {
  const types = [...scores.keys()].filter((type): type is RedactionType => type !== 'ALL');
  const missing = CHECKSUM_TYPES.filter((type) => !scores.has(type)).map(
    (type) => `${type}: no labelled entities in the corpus`,
  );
  return [
    ...missing,
    ...types.flatMap((type) => {
      const score = scores.get(type) as TypeScore;
      const target = CHECKSUM_TYPES.includes(type) ? TARGETS : TYPE_TARGETS;
      const failures: string[] = [];
      if (score.recall < target.recall)
        failures.push(`${type}: recall ${score.recall.toFixed(3)} < ${target.recall}`);
      if (score.precision < target.precision)
        failures.push(`${type}: precision ${score.precision.toFixed(3)} < ${target.precision}`);
      return failures;
    }),
  ];
}
