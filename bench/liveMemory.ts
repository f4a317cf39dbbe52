import { type ChildProcess, spawn } from 'node:child_process';

import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { parsePipelineConfig } from '../functions/shared/pipelineConfig';
import { mulaw } from '../live/audio/g711';
import { LocalPipeline } from '../local/localPipeline';
import { instantEngines } from '../local/soak/instantEngines';
import { connect, type SpecClient } from '../test/live/support/specClient';

const RATE = 8000;
const FRAME_MS = 100;
const FRAME_BYTES = (RATE * FRAME_MS * 2) / 1000; // stereo PCMU
/** One minute of call: each side speaks 1.5-4 s turns, alternating, with pauses. */
const BLOCK_SECONDS = 60;
const API_KEY = 'bench-memory-key';

export interface LiveMemoryResult {
  callSeconds: number;
  /** How many times faster than real time the long call was streamed. */
  speed: number;
  wallSeconds: number;
  baselineRssMb: number;
  rssPerSessionMb: number;
  concurrentSessions: number;
  /** Over the long call after its first tenth (warm-up): least-squares slope per call hour. */
  rssSlopeMbPerHour: number;
  heapSlopeMbPerHour: number;
  /** RSS slope over the second half of the call only. */
  rssSlopeSecondHalfMbPerHour: number;
  rssStartMb: number;
  rssEndMb: number;
  heapStartMb: number;
  heapEndMb: number;
  segments: number;
  samples: Array<{ callSeconds: number; rssMb: number; heapMb: number }>;
}

export function callBlock(seed: number): Uint8Array {
  const pcm = new Int16Array(BLOCK_SECONDS * RATE * 2);
  const turns: Array<{ channel: number; start: number; end: number }> = [];
  for (let t = 0.5, i = 0; t < BLOCK_SECONDS - 5; i++) {
    const length = 1.5 + ((seed * 7 + i * 13) % 25) / 10;
    turns.push({ channel: i % 2, start: t, end: t + length });
    t += length + 0.8;
  }
  for (let i = 0; i < BLOCK_SECONDS * RATE; i++) {
    const t = i / RATE;
    for (let c = 0; c < 2; c++) {
      const speaking = turns.some((b) => b.channel === c && t >= b.start && t < b.end);
      pcm[2 * i + c] = speaking
        ? Math.round(
            6000 * Math.sin(2 * Math.PI * (300 + 120 * c) * t) * (0.7 + 0.3 * Math.sin(6 * t)),
          )
        : ((i * 7919 + c * 97) % 41) - 20;
    }
  }
  return mulaw.encode(pcm);
}

class BridgeProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly lines: AsyncIterator<string>,
    readonly port: number,
  ) {}

  static async start(pipeline: LocalPipeline): Promise<BridgeProcess> {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'liveBridgeProcess.ts')],
      {
        env: {
          ...process.env,
          CALLBRIEF_BENCH_S3: pipeline.s3Endpoint,
          CALLBRIEF_BENCH_API_KEY: API_KEY,
          CALLBRIEF_BENCH_RESULTS: pipeline.resultsBucket,
          CALLBRIEF_BENCH_RECORDINGS: pipeline.recordingsBucket,
          CALLBRIEF_BENCH_PREFIX: pipeline.recordingsPrefix,
        },
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    const reader: Interface = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const lines = reader[Symbol.asyncIterator]();
    const first = await lines.next();
    if (first.done) throw new Error('the bridge process ended before it listened');
    return new BridgeProcess(child, lines, (JSON.parse(first.value) as { port: number }).port);
  }

  /** RSS and heap of the bridge process after a full GC, in MB. */
  async sample(): Promise<{ rssMb: number; heapMb: number }> {
    this.child.stdin?.write('sample\n');
    const line = await this.lines.next();
    const m = JSON.parse(line.value as string) as { rss: number; heapUsed: number };
    return { rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20 };
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

async function openCall(port: number): Promise<SpecClient> {
  const client = await connect(`ws://127.0.0.1:${port}`, { apiKey: API_KEY });
  client.open();
  await client.next('opened');
  return client;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Streams `seconds` of call, at most `speed` times real time, waiting out socket backlog. */
async function stream(
  client: SpecClient,
  blocks: Uint8Array[],
  seconds: number,
  speed: number,
  onMinute?: (second: number) => Promise<void>,
): Promise<void> {
  const started = performance.now();
  const frames = Math.round((seconds * 1000) / FRAME_MS);
  const perBlock = (BLOCK_SECONDS * 1000) / FRAME_MS;
  const perSecond = 1000 / FRAME_MS;
  for (let frame = 0; frame < frames; frame++) {
    const block = blocks[Math.floor(frame / perBlock) % blocks.length] as Uint8Array;
    const at = (frame % perBlock) * FRAME_BYTES;
    client.sendAudio(block.subarray(at, at + FRAME_BYTES), 2);
    if (frame % perSecond === 0) {
      const ahead = (frame * FRAME_MS) / speed - (performance.now() - started);
      if (ahead > 0) await sleep(ahead);
      while (client.ws.bufferedAmount > 64 * 1024) await sleep(5);
      if (frame % perBlock === 0) await onMinute?.(frame / perSecond);
    }
  }
}

function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

/**
 * Memory of the bridge process: RSS per additional concurrent session (10 sessions in real time),
 * then one call of `callSeconds` streamed `speed` times faster than real time with instant
 * engines, sampling RSS and heap (after a full GC) every call minute.
 */
export async function measureLiveMemory(
  callSeconds = 7200,
  speed = 60,
  concurrentSessions = 10,
): Promise<LiveMemoryResult> {
  const config = parsePipelineConfig(
    {
      speechToText: { type: 'pocketsphinx', language: 'en' },
      translation: { type: 'apertium' },
      summarization: { type: 'extractive' },
    },
    'bench',
  );
  const pipeline = await LocalPipeline.start({
    pipeline: config,
    logLevel: 'SILENT',
    providers: instantEngines(),
  });
  const bridge = await BridgeProcess.start(pipeline);
  const blocks = [callBlock(1), callBlock(2), callBlock(3)];
  try {
    // Warm-up call, so code paths are loaded before the baseline.
    const warm = await openCall(bridge.port);
    await stream(warm, blocks, 10, 100);
    await warm.closeSession();
    await sleep(500);
    const baseline = await bridge.sample();

    const clients = await Promise.all(
      Array.from({ length: concurrentSessions }, () => openCall(bridge.port)),
    );
    // Sampled halfway through the 20 s, while every session streams.
    const during = sleep(10_000).then(() => bridge.sample());
    await Promise.all(clients.map((client) => stream(client, blocks, 20, 1)));
    const mid = await during;
    await Promise.all(clients.map((client) => client.closeSession()));
    await sleep(1000);

    const samples: LiveMemoryResult['samples'] = [];
    const long = await openCall(bridge.port);
    const started = performance.now();
    await stream(long, blocks, callSeconds, speed, async (second) => {
      samples.push({ callSeconds: second, ...(await bridge.sample()) });
      process.stderr.write(`\rcallbrief bench: live memory ${Math.round(second / 60)} min`);
    });
    samples.push({ callSeconds, ...(await bridge.sample()) });
    const wallSeconds = (performance.now() - started) / 1000;
    await long.closeSession();
    // Every utterance's event arrives before `closed`.
    const segments = long.received.filter((m) => m.type === 'event').length;
    process.stderr.write('\n');
    const steady = samples.filter((s) => s.callSeconds >= callSeconds / 10);
    const perHour = (pick: (s: (typeof samples)[number]) => number, from = steady) =>
      Math.round(slope(from.map((s) => [s.callSeconds / 3600, pick(s)])) * 100) / 100;
    const secondHalf = samples.filter((s) => s.callSeconds >= callSeconds / 2);
    const first = steady[0] ?? baseline;
    const last = samples.at(-1) ?? baseline;
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      callSeconds,
      speed,
      wallSeconds: Math.round(wallSeconds),
      baselineRssMb: round(baseline.rssMb),
      rssPerSessionMb: round((mid.rssMb - baseline.rssMb) / concurrentSessions),
      concurrentSessions,
      rssSlopeMbPerHour: perHour((s) => s.rssMb),
      heapSlopeMbPerHour: perHour((s) => s.heapMb),
      rssSlopeSecondHalfMbPerHour: perHour((s) => s.rssMb, secondHalf),
      rssStartMb: round(first.rssMb),
      rssEndMb: round(last.rssMb),
      heapStartMb: round(first.heapMb),
      heapEndMb: round(last.heapMb),
      segments,
      samples: samples.map((s) => ({
        callSeconds: s.callSeconds,
        rssMb: round(s.rssMb),
        heapMb: round(s.heapMb),
      })),
    };
  } finally {
    await bridge.stop();
    await pipeline.stop();
  }
}

export function formatLiveMemory(result: LiveMemoryResult): string {
  return [
    '## Live bridge memory',
    '',
    `Bridge in its own process, instant engines, RSS and heap after a full GC. ${result.concurrentSessions} concurrent sessions in real time: ${result.rssPerSessionMb} MB RSS per additional session (baseline ${result.baselineRssMb} MB).`,
    '',
    `One ${result.callSeconds / 3600}-hour call streamed ${result.speed}x real time (${result.wallSeconds} s, ${result.segments} utterances), sampled every call minute; slope over the call after its first tenth:`,
    '',
    '| | start | end | slope per call hour |',
    '| --- | --- | --- | --- |',
    `| RSS | ${result.rssStartMb} MB | ${result.rssEndMb} MB | ${result.rssSlopeMbPerHour} MB |`,
    `| heap used | ${result.heapStartMb} MB | ${result.heapEndMb} MB | ${result.heapSlopeMbPerHour} MB |`,
    '',
    `RSS slope over the second half of the call: ${result.rssSlopeSecondHalfMbPerHour} MB per hour (RSS rises in allocator steps while the heap stays flat).`,
    '',
  ].join('\n');
}
