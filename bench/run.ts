// `npm run bench`: bundles, pipeline overhead and throughput, long-recording memory; writes
// bench/results/latest.json and latest.md. Progress goes to stderr.
//   npm run bench -- [--quick] [--only bundles,pipeline,long] [--runs N]

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureBundles } from './bundles';
import { measureLongRecording } from './longRecording';
import { describeMachine } from './machine';
import { INSTANT_CONCURRENCY, measurePipelineOverhead } from './pipelineOverhead';
import { type BenchResults, type BenchSettings, formatReport } from './report';
import { measureThroughput } from './throughput';
import { measureWorkspacePage } from './workspacePage';

const PARTS = ['bundles', 'pipeline', 'long', 'workspace'] as const;
type Part = (typeof PARTS)[number];
const RESULTS_DIR = join(import.meta.dirname, 'results');

const USAGE = `usage: npm run bench -- [--quick] [--only ${PARTS.join('|')}[,…]] [--runs N]
  --quick  fewer runs, fewer calls and a 30-minute instead of a 2-hour recording
  --only   run only these parts (pipeline = overhead and throughput; workspace = contact page)
  --runs   runs of the sample call with the offline engines (about 30 s each)`;

function settingsFor(quick: boolean, runs?: number): BenchSettings {
  return quick
    ? {
        quick,
        bundleRuns: 3,
        sampleRuns: runs ?? 1,
        singleCalls: 5,
        concurrentCalls: 20,
        engineLatencyMs: 200,
        instantConcurrency: INSTANT_CONCURRENCY,
        throughputCalls: 40,
        longRecordingSeconds: 1800,
        longRecordingRuns: 1,
      }
    : {
        quick,
        bundleRuns: 21,
        sampleRuns: runs ?? 3,
        singleCalls: 20,
        concurrentCalls: 100,
        engineLatencyMs: 200,
        instantConcurrency: INSTANT_CONCURRENCY,
        throughputCalls: 200,
        longRecordingSeconds: 7200,
        longRecordingRuns: 3,
      };
}

function parseParts(only: string | undefined): Set<Part> {
  if (!only) return new Set(PARTS);
  const parts = only.split(',').map((p) => p.trim());
  for (const part of parts) {
    if (!PARTS.includes(part as Part)) throw new Error(`--only: unknown part "${part}"\n${USAGE}`);
  }
  return new Set(parts as Part[]);
}

const step = (line: string) => process.stderr.write(`callbrief bench: ${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      runs: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  if (runs !== undefined && !(Number.isInteger(runs) && runs > 0)) {
    throw new Error(`--runs must be a positive integer, got ${values.runs}`);
  }
  const parts = parseParts(values.only);
  const settings = settingsFor(values.quick, runs);
  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: await describeMachine(),
    settings,
  };

  if (parts.has('bundles')) {
    step(`bundles: size and load time, ${settings.bundleRuns} loads each`);
    results.bundles = await measureBundles(settings.bundleRuns);
  }
  if (parts.has('pipeline')) {
    step('pipeline overhead per call');
    results.pipeline = await measurePipelineOverhead({
      sampleRuns: settings.sampleRuns,
      singleCalls: settings.singleCalls,
      concurrentCalls: settings.concurrentCalls,
      engineLatencyMs: settings.engineLatencyMs,
    });
    step(`throughput: ${settings.throughputCalls} calls with instant engines`);
    results.throughput = await measureThroughput(settings.throughputCalls);
  }
  if (parts.has('long')) {
    step(
      `long recording: ${settings.longRecordingSeconds / 3600} h stereo through ingest and transcribe`,
    );
    results.longRecording = await measureLongRecording({
      seconds: settings.longRecordingSeconds,
      runs: settings.longRecordingRuns,
    });
  }

  if (parts.has('workspace')) {
    step('workspace: contact page of a 2-hour call with 1,500 turns, served and rendered');
    results.workspace = await measureWorkspacePage({
      turns: 1500,
      seconds: 7200,
      runs: settings.quick ? 3 : 11,
    });
  }

  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  const report = formatReport(results);
  await writeFile(join(RESULTS_DIR, 'latest.md'), report);
  process.stdout.write(report);
  step('wrote bench/results/latest.json and latest.md');
}

main().catch((error: unknown) => {
  console.error('callbrief bench: failed', error);
  process.exitCode = 1;
});
