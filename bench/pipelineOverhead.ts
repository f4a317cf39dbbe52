// Pipeline overhead per call: end-to-end time minus the engine time the providers report.
//   (i)  the bundled sample call with the offline engines `npm start` uses, one call at a time;
//   (ii) instant engines that take a fixed latency per call, at 1 and at N concurrent calls.
import { readFile } from 'node:fs/promises';
import { parsePipelineConfig } from '../functions/shared/pipelineConfig';
import { DEFAULT_STAGE_SETTINGS } from '../infra/config';
import { LocalPipeline } from '../local/localPipeline';
import { missingEngines } from '../local/preflight';
import { instantEngines } from '../local/soak/instantEngines';
import { median, percentile } from '../local/statistics';
import { type CallTiming, driveCalls } from './driveCalls';

export const SAMPLE_CALL = 'samples/citizen-call.wav';
const OFFLINE_CONFIG = 'callbrief.config.json';

export interface OverheadFigure {
  /** What ran: "offline engines, sample call" or "instant engines (200 ms per call)". */
  engines: string;
  /** Calls in flight at once. */
  concurrency: number;
  /** Calls measured. */
  calls: number;
  endToEndMsMedian: number;
  engineMsMedian: number;
  overheadMsMedian: number;
  overheadMsP95: number;
  /** Median overhead as a share of the median engine time. */
  overheadPercentOfEngine: number;
}

export interface OverheadOptions {
  /** Runs of the sample call with the offline engines, one at a time. */
  sampleRuns: number;
  /** Calls timed one at a time with instant engines. */
  singleCalls: number;
  /** Calls in flight at once for the concurrent measurement. */
  concurrentCalls: number;
  /** Simulated latency of each instant engine call. */
  engineLatencyMs: number;
  /** Leave out the sample call with the offline engines (it takes about 30 s a run). */
  skipOfflineEngines?: boolean;
}

function summarize(engines: string, concurrency: number, calls: CallTiming[]): OverheadFigure {
  const overhead = calls.map((c) => c.overheadMs);
  const engineMsMedian = median(calls.map((c) => c.engineMs));
  const overheadMsMedian = median(overhead);
  return {
    engines,
    concurrency,
    calls: calls.length,
    endToEndMsMedian: median(calls.map((c) => c.endToEndMs)),
    engineMsMedian,
    overheadMsMedian,
    overheadMsP95: percentile(overhead, 95),
    overheadPercentOfEngine: (100 * overheadMsMedian) / engineMsMedian,
  };
}

const progress = (line: string) => process.stderr.write(`  ${line}\n`);

/**
 * Invocations per stage at once with instant engines: the stack's default maximum concurrency
 * of the AI stages, as Lambda would scale out (`npm start` runs one, for the offline engines).
 */
export const INSTANT_CONCURRENCY = DEFAULT_STAGE_SETTINGS.transcribe.maxConcurrency;

/** The same pipeline as `npm start` (stand-ins, pollers, batch size), with instant engines. */
export async function startInstantPipeline(engineLatencyMs: number): Promise<LocalPipeline> {
  const config = JSON.parse(await readFile(OFFLINE_CONFIG, 'utf-8'));
  return LocalPipeline.start({
    pipeline: parsePipelineConfig(config, OFFLINE_CONFIG),
    providers: instantEngines(undefined, engineLatencyMs),
    concurrency: INSTANT_CONCURRENCY,
  });
}

async function measureInstant(options: OverheadOptions, audio: Uint8Array) {
  const engines = `instant engines (${options.engineLatencyMs} ms per call)`;
  const pipeline = await startInstantPipeline(options.engineLatencyMs);
  try {
    // One call first: lazily built parts (schema validators, connections) are not overhead per call.
    await driveCalls(pipeline, audio, { count: 1, label: 'warm-up' });
    const single: CallTiming[] = [];
    for (let run = 0; run < options.singleCalls; run++) {
      single.push(...(await driveCalls(pipeline, audio, { count: 1, label: `one-${run}` })).calls);
    }
    progress(`${engines}: ${options.singleCalls} calls one at a time`);
    const { calls } = await driveCalls(pipeline, audio, {
      count: options.concurrentCalls,
      label: 'concurrent',
    });
    progress(`${engines}: ${options.concurrentCalls} calls at once`);
    return [summarize(engines, 1, single), summarize(engines, options.concurrentCalls, calls)];
  } finally {
    await pipeline.stop();
  }
}

async function measureOfflineEngines(runs: number, audio: Uint8Array) {
  const config = parsePipelineConfig(
    JSON.parse(await readFile(OFFLINE_CONFIG, 'utf-8')),
    OFFLINE_CONFIG,
  );
  const missing = await missingEngines(config);
  if (missing) {
    progress(`offline engines skipped: ${missing}`);
    return [];
  }
  const pipeline = await LocalPipeline.start({ pipeline: config });
  try {
    const calls: CallTiming[] = [];
    for (let run = 0; run < runs; run++) {
      calls.push(
        ...(await driveCalls(pipeline, audio, { count: 1, label: `sample-${run}` })).calls,
      );
      progress(`offline engines, sample call: run ${run + 1} of ${runs}`);
    }
    return [summarize('offline engines, sample call', 1, calls)];
  } finally {
    await pipeline.stop();
  }
}

export async function measurePipelineOverhead(options: OverheadOptions): Promise<OverheadFigure[]> {
  const audio = await readFile(SAMPLE_CALL);
  const instant = await measureInstant(options, audio);
  const offline = options.skipOfflineEngines
    ? []
    : await measureOfflineEngines(options.sampleRuns, audio);
  return [...offline, ...instant];
}
