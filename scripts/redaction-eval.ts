/**
 * Precision and recall of the redaction detectors on the labelled corpus, plus a timing of a
 * 10,000-word transcript. Exits 1 when a checksum-validated type misses its target.
 * Run: node --import tsx scripts/redaction-eval.ts
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  type CorpusEntry,
  evaluateCorpus,
  targetFailures,
} from '../functions/redaction/evaluateCorpus';
import { detectAll } from '../functions/redaction/redact';
import { redactTranscript } from '../functions/redaction/redactDocuments';
import type { Transcript, Turn } from '../functions/shared/documents';
import { exitWithUsageIfAsked } from './usage';

const USAGE = `Usage: npm run redaction-eval

Prints precision and recall of the redaction detectors on the labelled corpus
(test/fixtures/redaction/corpus.jsonl) and times a 10,000-word transcript. Exits 1 when a
checksum-validated type misses its target.

  -h, --help  show this help and do nothing else`;
exitWithUsageIfAsked(USAGE);

const corpusPath = new URL('../test/fixtures/redaction/corpus.jsonl', import.meta.url);
const entries: CorpusEntry[] = readFileSync(corpusPath, 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line));

const scores = evaluateCorpus(entries);
const pad = (value: string | number, width: number) => String(value).padStart(width);
console.log(`Corpus: ${entries.length} sentences, span-exact matching\n`);
console.log(
  `${'type'.padEnd(14)}${pad('TP', 5)}${pad('FP', 5)}${pad('FN', 5)}${pad('partial', 9)}${pad('precision', 11)}${pad('recall', 8)}`,
);
for (const [type, s] of [...scores].sort(([a], [b]) =>
  a === 'ALL' ? 1 : b === 'ALL' ? -1 : a.localeCompare(b),
)) {
  console.log(
    `${type.padEnd(14)}${pad(s.truePositives, 5)}${pad(s.falsePositives, 5)}${pad(s.falseNegatives, 5)}${pad(s.partialOverlaps, 9)}${pad(s.precision.toFixed(3), 11)}${pad(s.recall.toFixed(3), 8)}`,
  );
}
console.log(
  '\npartial = a finding of the right type overlapping a label without the exact span (counted as FP).',
);

const misses = entries.flatMap((entry) => {
  const found = detectAll(entry.text);
  const same = (a: { type: string; start: number; end: number }, b: typeof a) =>
    a.type === b.type && a.start === b.start && a.end === b.end;
  return [
    ...entry.entities
      .filter((e) => !found.some((f) => same(e, f)))
      .map((e) => `  missed ${e.type}: ${entry.text}`),
    ...found
      .filter((f) => !entry.entities.some((e) => same(e, f)))
      .map((f) => `  extra  ${f.type} "${entry.text.slice(f.start, f.end)}": ${entry.text}`),
  ];
});
if (misses.length > 0) console.log(`\nDisagreements with the labels:\n${misses.join('\n')}`);

// Speed: a transcript of 10,000 words built from the corpus sentences, timed words included.
// Every sentence carries identifiers, so this is far denser than a real call: a worst case.
const turns: Turn[] = [];
let words = 0;
for (let i = 0; words < 10_000; i++) {
  const text = (entries[i % entries.length] as CorpusEntry).text;
  const turnWords = text.split(' ').map((token, k) => ({
    text: token,
    start: (words + k) * 0.4,
    end: (words + k + 1) * 0.4,
  }));
  const start = turnWords[0]?.start ?? 0;
  const end = turnWords[turnWords.length - 1]?.end ?? start;
  turns.push({ index: i, speaker: i % 2 ? 'caller' : 'agent', start, end, text, words: turnWords });
  words += turnWords.length;
}
const transcript = { turns } as Transcript;
// Wall time and CPU time: on a shared machine the wall clock also counts waiting for a core.
const runs = Array.from({ length: 11 }, () => {
  const cpu = process.cpuUsage();
  const started = performance.now();
  redactTranscript(transcript);
  const { user, system } = process.cpuUsage(cpu);
  return { wall: performance.now() - started, cpu: (user + system) / 1000 };
});
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(
  `\nSpeed: ${words} words in ${turns.length} turns, median of ${runs.length} runs: ` +
    `${median(runs.map((r) => r.wall))?.toFixed(1)} ms wall, ${median(runs.map((r) => r.cpu))?.toFixed(1)} ms CPU ` +
    `(first, cold run: ${runs[0]?.wall.toFixed(1)} ms wall).`,
);

const failures = targetFailures(scores);
if (failures.length > 0) {
  console.error(`\nTargets missed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(
  '\nEvery type meets its target (precision >= 0.95; recall >= 0.98 for checksum-validated types, >= 0.95 for the others, names included).',
);
