// `npm run bench`: bundles, pipeline overhead and throughput, long-recording memory (WAV and
// Ogg/Opus), decoding speed; writes bench/results/latest.json and latest.md. Progress goes to stderr.
//   npm run bench -- [--quick] [--only bundles,pipeline,long,long-opus,decode] [--runs N]

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureBundles } from './bundles';
import { measureDecodeSpeed } from './decodeSpeed';
import { measureLiveLatency } from './liveLatency';
import { formatLiveMemory, measureLiveMemory } from './liveMemory';
import { measureLongRecording } from './longRecording';
import { describeMachine } from './machine';
import { measureOnpremService } from './onpremService';
import { INSTANT_CONCURRENCY, measurePipelineOverhead } from './pipelineOverhead';
import { type BenchResults, type BenchSettings, formatReport, mergeResults } from './report';
import { measureThroughput } from './throughput';
import { measureWorkspacePage } from './workspacePage';

const PARTS = [
  'bundles',
  'pipeline',
  'long',
  'long-opus',
  'decode',
  'live',
  'live-memory',
  'workspace',
  'onprem',
] as const;
type Part = (typeof PARTS)[number];
const RESULTS_DIR = join(import.meta.dirname, 'results');

const USAGE = `usage: npm run bench -- [--quick] [--only ${PARTS.join('|')}[,…]] [--runs N]
  --quick  fewer runs, fewer calls and a 30-minute instead of a 2-hour recording
  --only   run only these parts (pipeline = overhead and throughput; long-opus = the long call as Ogg/Opus; decode = decoding speed per format;
           live = live-mode latency and memory, written to results/live.json and live.md;
           live-memory = the bridge's RSS per session and over a 2-hour call (--quick: 30 min), results/live-memory.json and .md;
           workspace = contact page; onprem = the on-premises service, needs ./scripts/onprem-up.sh;
           alone it writes results/onprem.json and onprem.md)
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
        decodeSeconds: 120,
        decodeRuns: 1,
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
        decodeSeconds: 600,
        decodeRuns: 3,
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

  if (parts.has('long-opus')) {
    step(
      `long recording as Ogg/Opus: ${settings.longRecordingSeconds / 3600} h stereo through ingest and transcribe`,
    );
    results.longRecordingOpus = await measureLongRecording({
      seconds: settings.longRecordingSeconds,
      runs: settings.longRecordingRuns,
      format: 'opus',
    });
  }
  if (parts.has('decode')) {
    step('decoding speed per format');
    results.decode = await measureDecodeSpeed(
      settings.decodeSeconds ?? 600,
      settings.decodeRuns ?? 3,
    );
  }
  if (parts.has('workspace')) {
    step('workspace: contact page of a 2-hour call with 1,500 turns, served and rendered');
    results.workspace = await measureWorkspacePage({
      turns: 1500,
      seconds: 7200,
      runs: settings.quick ? 3 : 11,
    });
  }

  if (parts.has('onprem')) {
    step('on premises: npm run serve on Ceph RGW and RabbitMQ, instant engines');
    results.onprem = await measureOnpremService({
      singleCalls: settings.singleCalls,
      throughputCalls: settings.quick ? 20 : 100,
      engineLatencyMs: settings.engineLatencyMs,
      concurrency: INSTANT_CONCURRENCY,
      progress: step,
    });
    if ('skipped' in results.onprem) step(`on premises SKIPPED: ${results.onprem.skipped}`);
  }

  await mkdir(RESULTS_DIR, { recursive: true });
  if (parts.has('onprem') && parts.size === 1) {
    // Alone, it keeps its own files, beside the embedded figures in latest.*.
    const report = formatReport(results);
    await writeFile(join(RESULTS_DIR, 'onprem.json'), `${JSON.stringify(results, null, 2)}\n`);
    await writeFile(join(RESULTS_DIR, 'onprem.md'), report);
    process.stdout.write(report);
    step('wrote bench/results/onprem.json and onprem.md');
    return;
  }
  if (parts.has('live')) {
    step('live: 1 call, then 20 concurrent calls in real time through the AudioHook bridge');
    const live = await measureLiveLatency([1, 20]);
    await writeFile(
      join(RESULTS_DIR, 'live.json'),
      `${JSON.stringify({ date: results.date, machine: results.machine, live }, null, 2)}\n`,
    );
    await writeFile(join(RESULTS_DIR, 'live.md'), formatLive(live));
    process.stdout.write(formatLive(live));
    if (parts.size === 1) return;
  }
  if (parts.has('live-memory')) {
    const seconds = settings.quick ? 1800 : 7200;
    step(`live memory: the bridge over a ${seconds / 3600}-hour call with instant engines`);
    const memory = await measureLiveMemory(seconds);
    await writeFile(
      join(RESULTS_DIR, 'live-memory.json'),
      `${JSON.stringify({ date: results.date, machine: results.machine, memory }, null, 2)}\n`,
    );
    await writeFile(join(RESULTS_DIR, 'live-memory.md'), formatLiveMemory(memory));
    process.stdout.write(formatLiveMemory(memory));
    if (parts.size === 1) return;
  }
  const merged = values.only ? await mergeWithPrevious(results) : results;
  await writeFile(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(merged, null, 2)}\n`);
  const report = formatReport(merged);
  await writeFile(join(RESULTS_DIR, 'latest.md'), report);
  process.stdout.write(report);
  step('wrote bench/results/latest.json and latest.md');
}

/** An `--only` run replaces its own sections of the last report and keeps the others. */
async function mergeWithPrevious(results: BenchResults): Promise<BenchResults> {
  try {
    return mergeResults(
      JSON.parse(await readFile(join(RESULTS_DIR, 'latest.json'), 'utf8')),
      results,
    );
  } catch {
    return results;
  }
}

function formatLive(live: Awaited<ReturnType<typeof measureLiveLatency>>): string {
  const rows = live.runs.map(
    (r) =>
      `| ${r.calls} | ${r.utterances} | ${r.caseWorkerP50Ms} / ${r.caseWorkerP95Ms} | ${r.citizenP50Ms} / ${r.citizenP95Ms} | ${r.missingLines} | ${r.loadAverage1m} |`,
  );
  return [
    '## Live mode (AudioHook bridge, instant engines)',
    '',
    `Engine time ${live.engineMs} ms (200 ms speech-to-text + 100 ms translation); the utterance ends ${live.hangoverMs} ms of silence after the last speech (VAD hangover, inside the figures). Measured from the moment the frame with the last speech sample is sent to the line's arrival in each view. The players and view readers run in their own process (as Genesys Cloud and the browsers would); the bridge shares the other with the S3 stand-in and the local pipeline.`,
    '',
    `Target: p50 <= ${live.engineMs + 500} ms and p95 <= ${live.engineMs + 1500} ms: ${liveTargetVerdict(live)}.`,
    '',
    '| concurrent calls | utterances | case worker view p50 / p95 (ms) | citizen view p50 / p95 (ms) | lines missing | load average (1 min, 2 cores) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `RSS: ${live.rssBaselineMb} MB before the calls, ${live.rssPerSessionMb} MB per additional concurrent session (mid-call).`,
    '',
  ].join('\n');
}

function liveTargetVerdict(live: Awaited<ReturnType<typeof measureLiveLatency>>): string {
  const missed = live.runs.filter(
    (r) =>
      Math.max(r.caseWorkerP50Ms, r.citizenP50Ms) > live.engineMs + 500 ||
      Math.max(r.caseWorkerP95Ms, r.citizenP95Ms) > live.engineMs + 1500,
  );
  if (missed.length === 0) return 'met for every number of calls';
  return `missed with ${missed.map((r) => `${r.calls} call(s)`).join(' and ')}`;
}

main().catch((error: unknown) => {
  console.error('callbrief bench: failed', error);
  process.exitCode = 1;
});
