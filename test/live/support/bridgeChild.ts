// The live bridge as its own process for the restart test: instant engines, the S3 stand-in of
// the test process (CALLBRIEF_TEST_S3), prints {"port": N} once it listens. Killed with SIGKILL.
import { parsePipelineConfig } from '../../../functions/shared/pipelineConfig';
import {
  instantUtteranceSpeechToText,
  instantUtteranceTranslation,
} from '../../../live/instantEngines';
import { startLiveBridge } from '../../../live/startLiveBridge';
import { standInClients } from '../../../local/standInClients';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const { s3 } = standInClients({
  region: 'eusc-de-east-1',
  s3Endpoint: env('CALLBRIEF_TEST_S3'),
  sqsEndpoint: 'http://127.0.0.1:9',
});
const live = await startLiveBridge({
  credentials: [
    { apiKey: env('CALLBRIEF_TEST_API_KEY'), clientSecret: env('CALLBRIEF_TEST_SECRET') },
  ],
  port: Number(process.env.CALLBRIEF_TEST_PORT ?? 0),
  pipeline: parsePipelineConfig(
    {
      speechToText: { type: 'pocketsphinx', language: 'en' },
      translation: { type: 'apertium' },
      summarization: { type: 'extractive' },
      languages: { caseWorker: 'de', defaultCaller: 'en' },
    },
    'test',
  ),
  s3,
  resultsBucket: env('CALLBRIEF_TEST_RESULTS'),
  recordingsBucket: env('CALLBRIEF_TEST_RECORDINGS'),
  recordingsPrefix: env('CALLBRIEF_TEST_PREFIX'),
  providers: {
    speechToText: instantUtteranceSpeechToText(5),
    translation: instantUtteranceTranslation(5),
  },
  defaultCaseId: 'CASE-RESTART',
  ...(process.env.CALLBRIEF_TEST_WATCH
    ? { watchPieces: JSON.parse(process.env.CALLBRIEF_TEST_WATCH) }
    : {}),
  log: (event, detail) => {
    if (event !== 'message') process.stderr.write(`${JSON.stringify({ event, ...detail })}\n`);
  },
});
process.stdout.write(`${JSON.stringify({ port: live.bridge.port })}\n`);
