import { randomBytes } from 'node:crypto';
import { parsePipelineConfig } from '../functions/shared/pipelineConfig';
import { instantUtteranceSpeechToText, instantUtteranceTranslation } from '../live/instantEngines';
import { playThroughBridge } from '../live/player/AudioHookPlayer';
import { startLiveBridge } from '../live/startLiveBridge';
import type { ViewLine } from '../live/views/viewLines';
import { LocalPipeline } from '../local/localPipeline';
import { instantEngines } from '../local/soak/instantEngines';
import { median, percentile } from '../local/statistics';
import { readSse } from '../test/live/support/sse';

const RATE = 8000;
const STT_MS = 200;
const TRANSLATION_MS = 100;

interface Burst {
  channel: 0 | 1;
  start: number;
  end: number;
}

/** Three turns per side, 1.6 s each, alternating, 1.4 s apart: 18 s of call. */
const SCRIPT: Burst[] = Array.from({ length: 6 }, (_, i) => ({
  channel: (i % 2) as 0 | 1,
  start: 0.6 + i * 3,
  end: 2.2 + i * 3,
}));
const SECONDS = 19;

function scriptedChannels(): Int16Array[] {
  return [0, 1].map((channel) =>
    Int16Array.from({ length: SECONDS * RATE }, (_, i) => {
      const t = i / RATE;
      const speaking = SCRIPT.some((b) => b.channel === channel && t >= b.start && t < b.end);
      if (!speaking) return ((i * 7919 + channel) % 41) - 20;
      return Math.round(6000 * Math.sin(2 * Math.PI * (300 + 120 * channel) * t));
    }),
  );
}

export interface LiveLatencyResult {
  calls: number;
  utterances: number;
  /** Both views; milliseconds from the end of the utterance in the stream to its line. */
  caseWorkerP50Ms: number;
  caseWorkerP95Ms: number;
  citizenP50Ms: number;
  citizenP95Ms: number;
  missingLines: number;
}

export interface LiveBenchResults {
  engineMs: number;
  hangoverMs: number;
  runs: LiveLatencyResult[];
  rssBaselineMb: number;
  rssPerSessionMb: number;
}

/**
 * Latency of the live views with instant engines (200 ms speech-to-text, 100 ms translation):
 * calls played in real time through the AudioHook bridge, both views read over server-sent
 * events, each line timed against the moment the end of its utterance was sent.
 */
export async function measureLiveLatency(
  concurrency: number[] = [1, 20],
): Promise<LiveBenchResults> {
  const config = parsePipelineConfig(
    {
      speechToText: { type: 'pocketsphinx', language: 'en' },
      translation: { type: 'apertium' },
      summarization: { type: 'extractive' },
      languages: { caseWorker: 'de', defaultCaller: 'es' },
    },
    'bench',
  );
  const pipeline = await LocalPipeline.start({
    pipeline: config,
    logLevel: 'SILENT',
    providers: instantEngines(),
  });
  const apiKey = 'bench';
  const clientSecret = randomBytes(32).toString('base64');
  const viewsOpened = new Map<string, (links: { caseWorker: string; citizen: string }) => void>();
  const live = await startLiveBridge({
    credentials: [{ apiKey, clientSecret }],
    pipeline: config,
    s3: pipeline.s3,
    resultsBucket: pipeline.resultsBucket,
    recordingsBucket: pipeline.recordingsBucket,
    recordingsPrefix: pipeline.recordingsPrefix,
    providers: {
      speechToText: instantUtteranceSpeechToText(STT_MS),
      translation: instantUtteranceTranslation(TRANSLATION_MS),
    },
    providerConcurrency: 256,
    onCallOpen: (ref, links) => viewsOpened.get(ref.contact_id)?.(links),
  });
  const channels = scriptedChannels();
  const runs: LiveLatencyResult[] = [];
  let rssBaseline = 0;
  let rssPerSession = 0;
  try {
    for (const calls of concurrency) {
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      let rssDuring = 0;
      const sampler = setTimeout(
        () => {
          rssDuring = process.memoryUsage().rss;
        },
        (SECONDS * 1000) / 2,
      );
      const perCall = await Promise.all(
        Array.from({ length: calls }, () =>
          oneCall(live.bridge.url, live.httpUrl, apiKey, clientSecret, channels, viewsOpened),
        ),
      );
      clearTimeout(sampler);
      const caseWorker = perCall.flatMap((c) => c.caseWorker);
      const citizen = perCall.flatMap((c) => c.citizen);
      runs.push({
        calls,
        utterances: SCRIPT.length * calls,
        caseWorkerP50Ms: Math.round(median(caseWorker)),
        caseWorkerP95Ms: Math.round(percentile(caseWorker, 95)),
        citizenP50Ms: Math.round(median(citizen)),
        citizenP95Ms: Math.round(percentile(citizen, 95)),
        missingLines: 2 * SCRIPT.length * calls - caseWorker.length - citizen.length,
      });
      if (calls === Math.max(...concurrency)) {
        rssBaseline = rssBefore / 2 ** 20;
        rssPerSession = (rssDuring - rssBefore) / 2 ** 20 / calls;
      }
      await pipeline.waitUntilIdle();
    }
  } finally {
    await live.stop();
    await pipeline.stop();
  }
  return {
    engineMs: STT_MS + TRANSLATION_MS,
    hangoverMs: 400,
    runs,
    rssBaselineMb: Math.round(rssBaseline),
    rssPerSessionMb: Math.round(rssPerSession * 100) / 100,
  };
}

async function oneCall(
  url: string,
  httpUrl: string,
  apiKey: string,
  clientSecret: string,
  channels: Int16Array[],
  viewsOpened: Map<string, (links: { caseWorker: string; citizen: string }) => void>,
): Promise<{ caseWorker: number[]; citizen: number[] }> {
  const conversationId = crypto.randomUUID();
  const endSent = new Map<Burst, number>();
  const latencies = { caseWorker: [] as number[], citizen: [] as number[] };
  const burstOf = (line: ViewLine) =>
    SCRIPT.find(
      (b) =>
        b.channel === (line.speaker === 'caller' ? 0 : 1) && Math.abs(b.start - line.start) < 0.5,
    );
  const readers: Array<ReturnType<typeof readSse>> = [];
  viewsOpened.set(conversationId, (links) => {
    for (const view of ['caseWorker', 'citizen'] as const) {
      readers.push(
        readSse(`${httpUrl}${links[view]}/events`, (line, at) => {
          const burst = burstOf(line);
          const sent = burst ? endSent.get(burst) : undefined;
          if (sent !== undefined) latencies[view].push(at - sent);
        }),
      );
    }
  });
  await playThroughBridge({
    url,
    apiKey,
    clientSecret,
    channels,
    speed: 1,
    frameMs: 20,
    language: 'es-ES',
    conversationId,
    onFrameSent: (end, at) => {
      for (const burst of SCRIPT)
        if (!endSent.has(burst) && end >= burst.end) endSent.set(burst, at);
    },
  });
  await Promise.all(readers.map((r) => r.ended.catch(() => undefined)));
  viewsOpened.delete(conversationId);
  return latencies;
}
