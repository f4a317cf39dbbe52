// The live bridge alone in a process, for the memory benchmark (bench/liveMemory.ts): instant
// engines, the bench's S3 stand-in (CALLBRIEF_BENCH_S3), prints {"port": N}, then on every
// line "sample" on stdin one line {"rss","heapUsed","external","arrayBuffers"} after a full GC.
import { createInterface } from 'node:readline';
import { parsePipelineConfig } from '../functions/shared/pipelineConfig';
import { instantUtteranceSpeechToText, instantUtteranceTranslation } from '../live/instantEngines';
import { startLiveBridge } from '../live/startLiveBridge';
import { standInClients } from '../local/standInClients';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const { s3 } = standInClients({
  region: 'eusc-de-east-1',
  s3Endpoint: env('CALLBRIEF_BENCH_S3'),
  sqsEndpoint: 'http://127.0.0.1:9',
});
const live = await startLiveBridge({
  credentials: [{ apiKey: env('CALLBRIEF_BENCH_API_KEY') }],
  pipeline: parsePipelineConfig(
    {
      speechToText: { type: 'pocketsphinx', language: 'en' },
      translation: { type: 'apertium' },
      summarization: { type: 'extractive' },
      languages: { caseWorker: 'de', defaultCaller: 'en' },
    },
    'bench',
  ),
  s3,
  resultsBucket: env('CALLBRIEF_BENCH_RESULTS'),
  recordingsBucket: env('CALLBRIEF_BENCH_RECORDINGS'),
  recordingsPrefix: env('CALLBRIEF_BENCH_PREFIX'),
  providers: {
    speechToText: instantUtteranceSpeechToText(0),
    translation: instantUtteranceTranslation(0),
  },
  providerConcurrency: 16,
  // Failures only: a benchmark that silently loses utterances would measure the wrong thing.
  log: (event, detail) => {
    if (event.endsWith('failed')) process.stderr.write(`${JSON.stringify({ event, ...detail })}\n`);
  },
});
process.stdout.write(`${JSON.stringify({ port: live.bridge.port })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'sample') continue;
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  process.stdout.write(
    `${JSON.stringify({ rss, heapUsed, external, arrayBuffers, calls: live.calls.size })}\n`,
  );
}
