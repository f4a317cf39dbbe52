import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parsePipelineConfig } from '../functions/shared/pipelineConfig';
import { instantUtteranceSpeechToText, instantUtteranceTranslation } from '../live/instantEngines';
import { startLiveBridge } from '../live/startLiveBridge';
import { LocalPipeline } from '../local/localPipeline';
import { instantEngines } from '../local/soak/instantEngines';
import { median, percentile } from '../local/statistics';
import { type PlayersReply, type PlayersRequest, SCRIPT, SECONDS } from './liveScript';

const STT_MS = 200;
const TRANSLATION_MS = 100;

export interface LiveLatencyResult {
  calls: number;
  utterances: number;
  /** Both views; milliseconds from the end of the utterance in the stream to its line. */
  caseWorkerP50Ms: number;
  caseWorkerP95Ms: number;
  citizenP50Ms: number;
  citizenP95Ms: number;
  missingLines: number;
  /** 1-minute load average of the machine when the round ended (other work included). */
  loadAverage1m: number;
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
  // Genesys is another machine: the players run in their own process, not on the bridge's loop.
  const players = fork(join(import.meta.dirname, 'livePlayers.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
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
    // The links go to the players' process, which reads both views as a browser would.
    onCallOpen: (ref, links) =>
      players.send({ type: 'links', conversationId: ref.contact_id, links } as PlayersRequest),
  });
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
      const { caseWorker, citizen } = await playCalls(players, {
        type: 'run',
        url: live.bridge.url,
        httpUrl: live.httpUrl,
        apiKey,
        clientSecret,
        calls,
      });
      clearTimeout(sampler);
      runs.push({
        calls,
        utterances: SCRIPT.length * calls,
        caseWorkerP50Ms: Math.round(median(caseWorker)),
        caseWorkerP95Ms: Math.round(percentile(caseWorker, 95)),
        citizenP50Ms: Math.round(median(citizen)),
        citizenP95Ms: Math.round(percentile(citizen, 95)),
        missingLines: 2 * SCRIPT.length * calls - caseWorker.length - citizen.length,
        loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
      });
      if (calls === Math.max(...concurrency)) {
        rssBaseline = rssBefore / 2 ** 20;
        rssPerSession = (rssDuring - rssBefore) / 2 ** 20 / calls;
      }
      await pipeline.waitUntilIdle();
    }
  } finally {
    players.disconnect();
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

/** Runs one round of calls in the players' process and waits for its latencies. */
function playCalls(
  players: ChildProcess,
  request: PlayersRequest,
): Promise<{ caseWorker: number[]; citizen: number[] }> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`players exited with ${code}`));
    players.once('exit', onExit);
    players.once('message', (reply: PlayersReply) => {
      players.off('exit', onExit);
      if (reply.type === 'done') resolve(reply);
      else reject(new Error(`players failed: ${reply.message}`));
    });
    players.send(request);
  });
}
