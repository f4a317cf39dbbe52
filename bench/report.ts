// Turns the figures of one `npm run bench` into bench/results/latest.md.
import type { BundleFigure } from './bundles';
import type { DecodeFigure } from './decodeSpeed';
import type { LongRecordingFigure } from './longRecording';
import type { MachineInfo } from './machine';
import type { OnpremFigures } from './onpremService';
import type { OverheadFigure } from './pipelineOverhead';
import type { ThroughputFigure } from './throughput';
import type { WorkspacePageFigure } from './workspacePage';

export interface BenchSettings {
  quick: boolean;
  /** Module loads per bundle. */
  bundleRuns: number;
  /** Runs of the sample call with the offline engines. */
  sampleRuns: number;
  /** Calls timed one at a time with instant engines. */
  singleCalls: number;
  concurrentCalls: number;
  engineLatencyMs: number;
  /** Invocations per stage at once with instant engines. */
  instantConcurrency: number;
  throughputCalls: number;
  longRecordingSeconds: number;
  longRecordingRuns: number;
  /** Length of the call decoded per format, and decodes per format. @default - not run */
  decodeSeconds?: number;
  decodeRuns?: number;
}

export interface BenchResults {
  /** ISO time the run started. */
  date: string;
  machine: MachineInfo;
  settings: BenchSettings;
  /**
   * When each section was last measured (ISO time), for a report merged from `--only` runs.
   * @default - every section at `date`
   */
  measured?: Record<string, string>;
  bundles?: BundleFigure[];
  pipeline?: OverheadFigure[];
  throughput?: ThroughputFigure;
  longRecording?: LongRecordingFigure;
  /** The same long call uploaded as Ogg/Opus. */
  longRecordingOpus?: LongRecordingFigure;
  decode?: DecodeFigure[];
  workspace?: WorkspacePageFigure;
  /** The on-premises service (npm run serve on Ceph RGW and RabbitMQ). */
  onprem?: OnpremFigures;
}

const KiB = 1024;
const MiB = 1024 * 1024;

const kib = (bytes: number) => `${(bytes / KiB).toFixed(0)} KiB`;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;
const ratio = (value: number) => `${value.toFixed(2)}x`;
const seconds = (value: number) => `${value.toFixed(1)} s`;
/** Milliseconds below ten seconds, seconds above: both stay readable in one column. */
const duration = (ms: number) => (ms < 10_000 ? `${ms.toFixed(0)} ms` : seconds(ms / 1000));

/** A Markdown table with aligned columns, as the formatter (Biome) writes them. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((cell, i) =>
    Math.max(cell.length, ...rows.map((r) => r[i]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function bundlesSection(figures: BundleFigure[], s: BenchSettings): string[] {
  return [
    '## Bundles',
    '',
    `Method: each Lambda function is bundled as the stack bundles it (minified ESM, for config/eusc.json) beside a reference bundle that makes the same AWS SDK calls and nothing else, and each load time is the median of ${s.bundleRuns} imports in fresh Node processes, alternating function and reference; load vs reference is the median of the ${s.bundleRuns} paired ratios, so drift in the machine's load cancels.`,
    '',
    ...table(
      [
        'function',
        'minified',
        'reference (same SDK calls)',
        'size vs reference',
        'load (median)',
        'reference load',
        'load vs reference',
      ],
      figures.map((f) => [
        f.name,
        kib(f.bytes),
        `${kib(f.referenceBytes)} (${f.referenceCalls})`,
        `${ratio(f.sizeRatio)} (+${kib(f.bytes - f.referenceBytes)})`,
        `${f.loadMsMedian.toFixed(0)} ms`,
        `${f.referenceLoadMsMedian.toFixed(0)} ms`,
        ratio(f.loadRatio),
      ]),
    ),
    ...onDemandTable(figures),
  ];
}

/** The decoders beside a bundle: not in its main file, so a WAV never loads them. */
function onDemandTable(figures: BundleFigure[]): string[] {
  const rows = figures.flatMap((f) =>
    (f.onDemand ?? []).map((m) => [
      f.name,
      m.name,
      kib(m.bytes),
      `${m.loadMsMedian.toFixed(0)} ms`,
    ]),
  );
  if (rows.length === 0) return [];
  return [
    '',
    'Loaded on demand (files beside the main file: the audio decoders, imported only for a recording in their format, and the name gazetteer, read on the first redaction of names; load is the import of the decoder, or reading and indexing the gazetteer, alone in a fresh process, median):',
    '',
    ...table(['function', 'module', 'minified', 'load (median)'], rows),
  ];
}

function decodeSection(figures: DecodeFigure[]): string[] {
  const first = figures[0];
  if (!first) return [];
  return [
    '## Decoding speed',
    '',
    `Method: a generated ${(first.recordingSeconds / 60).toFixed(0)}-minute stereo 16 kHz call, encoded by the named Debian tool, probed and decoded to 16-bit PCM WAV by the transcribe stage's decoder (\`functions/audio/decoders/decodeToWav.ts\`) in one process, ${first.runs} runs per format; real-time multiple = audio seconds / decoding seconds (median run).`,
    '',
    ...table(
      ['format', 'encoded with', 'file', 'decode (median)', 'x real time'],
      figures.map((f) => [
        f.format,
        f.encoder,
        `${(f.fileBytes / 1e6).toFixed(1)} MB`,
        seconds(f.decodeSecondsMedian),
        `${f.timesRealTime.toFixed(0)}x`,
      ]),
    ),
  ];
}

function pipelineSection(figures: OverheadFigure[], s: BenchSettings): string[] {
  return [
    '## Pipeline overhead per call',
    '',
    `Method: end-to-end time from the start of a recording's upload to its summary-ready message, minus the engine time the providers report on the summary's provenance, in the local pipeline of \`npm start\` (in-process S3 and SQS stand-ins); the sample call (\`samples/citizen-call.wav\`) ran ${s.sampleRuns} time${s.sampleRuns === 1 ? '' : 's'} with the offline engines and one invocation per stage at a time, then, after one warm-up call, with instant engines taking ${s.engineLatencyMs} ms per engine call and up to ${s.instantConcurrency} invocations per stage at once (the stack's default maximum concurrency of the AI stages): ${s.singleCalls} calls one at a time and ${s.concurrentCalls} calls uploaded at once.`,
    '',
    ...table(
      [
        'engines',
        'calls at once',
        'calls',
        'end-to-end (median)',
        'engine time (median)',
        'overhead (median)',
        'overhead (p95)',
        'overhead / engine time',
      ],
      figures.map((f) => [
        f.engines,
        String(f.concurrency),
        String(f.calls),
        duration(f.endToEndMsMedian),
        duration(f.engineMsMedian),
        duration(f.overheadMsMedian),
        duration(f.overheadMsP95),
        `${f.overheadPercentOfEngine.toFixed(1)} %`,
      ]),
    ),
  ];
}

function throughputSection(f: ThroughputFigure): string[] {
  return [
    '## Throughput',
    '',
    `Method: ${f.calls} copies of the sample call, uploaded ${f.uploadConcurrency} at a time, through the local pipeline with instant engines of no latency; calls per second from the first upload to the last summary-ready message.`,
    '',
    ...table(
      ['calls', 'uploads at once', 'time', 'calls/s'],
      [
        [
          String(f.calls),
          String(f.uploadConcurrency),
          seconds(f.seconds),
          f.callsPerSecond.toFixed(2),
        ],
      ],
    ),
  ];
}

/** Against the bar: the highest run decides, the median shows whether it is the rule. */
function verdict(f: LongRecordingFigure): string {
  if (f.peakRssMaxBytes <= f.limitBytes) return 'within';
  return f.peakRssBytes <= f.limitBytes ? 'median within, highest ABOVE' : 'ABOVE';
}

function longRecordingSection(f: LongRecordingFigure): string[] {
  const hours = (f.recordingSeconds / 3600).toFixed(1);
  const opus = f.format === 'opus';
  const what = opus
    ? `a generated ${hours}-hour stereo 16 kHz call, encoded as Ogg/Opus (opusenc, 32 kbit/s), goes (decoded to PCM WAV in transcribe)`
    : `a generated ${hours}-hour stereo 16 kHz 16-bit WAV goes`;
  return [
    opus ? '## Long recording as Ogg/Opus (peak memory)' : '## Long recording (peak memory)',
    '',
    `Method: ${what} through the ingest and transcribe handlers in a child process built like a Lambda bundle (${f.runs} fresh children, each for a new upload of the call), with OpenAI-compatible speech-to-text behind the chunking layer (pieces under ${(f.maxUploadBytes / 1e6).toFixed(0)} MB) answered at once by a server in the parent, which also hosts the S3 and SQS stand-ins; peak RSS is the child's own high-water mark (VmHWM; its \`process.resourceUsage().maxRSS\` would start at the parent's peak).`,
    '',
    ...table(
      [
        'recording',
        'pieces sent',
        'runs',
        'peak RSS (median)',
        'peak RSS (highest)',
        'bar',
        'highest / bar',
        'after ingest (median)',
        'idle process',
        'ingest',
        'transcribe',
      ],
      [
        [
          `${hours} h${opus ? ' Ogg/Opus' : ''}, ${(f.recordingBytes / 1e6).toFixed(0)} MB`,
          `${f.pieces} (${(f.uploadedBytes / 1e6).toFixed(0)} MB)`,
          String(f.runs),
          mib(f.peakRssBytes),
          mib(f.peakRssMaxBytes),
          mib(f.limitBytes),
          `${ratio(f.peakRssMaxBytes / f.limitBytes)} (${verdict(f)})`,
          mib(f.ingestPeakRssBytes),
          mib(f.idleRssBytes),
          seconds(f.ingestSeconds),
          seconds(f.transcribeSeconds),
        ],
      ],
    ),
  ];
}

function workspaceSection(f: WorkspacePageFigure, cores: number): string[] {
  const row = (p: WorkspacePageFigure['large'], visit: 'firstVisit' | 'returning') => [
    String(p.turns),
    visit === 'firstVisit' ? 'first visit (cold cache)' : 'returning (cached assets)',
    `${kib(p.htmlGzipBytes)} gzip (${kib(p.htmlBytes)})`,
    duration(p.serveMedianMs),
    duration(p[visit].paintMs),
    duration(p[visit].browserMs),
    duration(p[visit].ms),
    duration(p[visit].taskMs),
  ];
  return [
    '## Workspace contact page',
    '',
    `Method: the contact page of a ${(f.callSeconds / 3600).toFixed(0)}-hour call with ${f.large.turns} turns (original beside translation, a play button per turn, summary and review form; documents in the S3 stand-in, read per request), fetched ${f.runs} times over HTTP on 127.0.0.1 and opened ${f.runs} times in headless Chromium until the load event and the last row laid out, after one warm-up each; medians. "Served and rendered" is the browser's own clock (Navigation Timing: from the start of the navigation, as when the case worker clicks the link, until the last row is laid out after the load event); "harness wall time" also counts the DevTools round trips and, on a first visit, setting up the fresh browser context. A first visit opens a fresh browser context each time, so the stylesheet (KERN UX trimmed to the classes the pages use: ${kib(f.stylesheetBytes)}), the preloaded fonts and the script are fetched and parsed cold; a returning case worker opens the page again in the same tab, the assets coming from the browser cache (cached for a year; the stylesheet's and the script's names carry a content hash). A 10-turn contact measured the same way shows what any page costs on the machine at the time (1-minute load average at the end: ${f.loadAverage.toFixed(1)} on ${cores} cores). Bar: under 1 s.`,
    '',
    ...table(
      [
        'turns',
        'visit',
        'HTML sent',
        'served (median)',
        'first paint (median)',
        'served and rendered (median)',
        'harness wall time (median)',
        'browser main-thread tasks (median)',
      ],
      [
        row(f.large, 'firstVisit'),
        row(f.large, 'returning'),
        row(f.small, 'firstVisit'),
        row(f.small, 'returning'),
      ],
    ),
  ];
}

const NOT_SECTIONS = new Set(['date', 'machine', 'settings', 'measured']);
const sectionsOf = (r: BenchResults) => Object.keys(r).filter((key) => !NOT_SECTIONS.has(key));

/**
 * The last report with the sections of a newer partial run (`--only`) replacing its own, so one
 * part can be measured again (on a quiet machine, say) without losing the others; each
 * section keeps the date it was measured.
 */
export function mergeResults(previous: BenchResults, newer: BenchResults): BenchResults {
  const measured: Record<string, string> = {};
  for (const key of sectionsOf(previous)) measured[key] = previous.measured?.[key] ?? previous.date;
  for (const key of sectionsOf(newer)) measured[key] = newer.date;
  return {
    ...previous,
    ...newer,
    settings: { ...previous.settings, ...newer.settings },
    measured,
  };
}

function onpremSection(f: OnpremFigures): string[] {
  if ('skipped' in f) return ['## On premises', '', `Skipped: ${f.skipped}.`];
  const o = f.overhead;
  const t = f.throughput;
  return [
    '## On premises',
    '',
    `Method: one \`npm run serve\` process (${o.stageConcurrency} messages per stage at once) on the single-node Ceph RGW and RabbitMQ of \`scripts/onprem-up.sh\`, fed by RGW bucket notifications; the bench uploads the sample call as the uploader user and reads the summary-ready queue. Overhead: ${o.calls} calls one at a time, instant engines of ${o.engineLatencyMs} ms per call, end-to-end minus the engine time on the summary's provenance. Throughput: ${t.calls} calls uploaded ${t.uploadConcurrency} at a time, instant engines of no latency.`,
    '',
    ...table(
      [
        'calls',
        'end-to-end (median)',
        'engine time (median)',
        'overhead (median)',
        'overhead (p95)',
      ],
      [
        [
          String(o.calls),
          duration(o.endToEndMsMedian),
          duration(o.engineMsMedian),
          duration(o.overheadMsMedian),
          duration(o.overheadMsP95),
        ],
      ],
    ),
    '',
    ...table(
      ['calls', 'uploads at once', 'time', 'calls/s'],
      [
        [
          String(t.calls),
          String(t.uploadConcurrency),
          seconds(t.seconds),
          t.callsPerSecond.toFixed(2),
        ],
      ],
    ),
  ];
}

export function formatReport(results: BenchResults): string {
  const { machine: m, settings } = results;
  const lines = [
    '# callbrief benchmarks',
    '',
    `Measured ${results.date.slice(0, 10)} on ${m.cpu} (${m.cores} cores), ${(m.memoryBytes / 1024 ** 3).toFixed(1)} GiB RAM, ${m.os}, Node ${m.node}${settings.quick ? '; quick run (--quick: fewer runs, fewer calls, shorter recording)' : ''}.`,
    'Written by `npm run bench`.',
  ];
  const dates = Object.entries(results.measured ?? {});
  if (new Set(dates.map(([, date]) => date.slice(0, 10))).size > 1) {
    lines.push(
      `Sections measured separately (\`--only\`): ${dates.map(([part, date]) => `${part} ${date.slice(0, 10)}`).join(', ')}.`,
    );
  }
  const sections = [
    results.bundles && bundlesSection(results.bundles, settings),
    results.pipeline && pipelineSection(results.pipeline, settings),
    results.throughput && throughputSection(results.throughput),
    results.longRecording && longRecordingSection(results.longRecording),
    results.longRecordingOpus && longRecordingSection(results.longRecordingOpus),
    results.decode && decodeSection(results.decode),
    results.workspace && workspaceSection(results.workspace, m.cores),
    results.onprem && onpremSection(results.onprem),
  ];
  for (const section of sections) if (section) lines.push('', ...section);
  return `${lines.join('\n')}\n`;
}
