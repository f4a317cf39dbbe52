// `npm run live-bridge`: the AudioHook bridge beside the local runner (embedded S3/SQS stand-ins,
// the configured providers), until Ctrl-C.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parsePipelineConfig } from '../functions/shared/pipelineConfig';
import { LocalPipeline } from '../local/localPipeline';
import { missingEngines } from '../local/preflight';
import { DEFAULT_STATE_DIR } from '../local/stateDir';
import { parseCredentials } from './bridge/credentials';
import { startLiveBridge } from './startLiveBridge';

const USAGE = `Usage: npm run live-bridge -- [--port N] [--host H] [--api-keys KEY:SECRET,...] [--config FILE]
  --port      listening port (env CALLBRIEF_LIVE_PORT, default 8081)
  --host      listening address (env CALLBRIEF_LIVE_HOST, default 127.0.0.1)
  --api-keys  AudioHook API keys, each with its base64 client secret (env CALLBRIEF_LIVE_API_KEYS);
              a key without a secret authenticates by the key alone
  --config    pipeline configuration (default callbrief.config.json)
  --case ID   case of calls whose customConfig names none (default LIVE)
  --agent-language L   what the agent speaks (default: the case worker's language)
  --max-utterance-seconds S   (default 15)
View links are signed with CALLBRIEF_LIVE_VIEW_KEY (base64, 32+ bytes) or a random key per run.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.CALLBRIEF_LIVE_PORT ?? '8081' },
      host: { type: 'string', default: process.env.CALLBRIEF_LIVE_HOST ?? '127.0.0.1' },
      'api-keys': { type: 'string', default: process.env.CALLBRIEF_LIVE_API_KEYS ?? '' },
      config: { type: 'string', default: 'callbrief.config.json' },
      case: { type: 'string', default: 'LIVE' },
      'agent-language': { type: 'string' },
      'max-utterance-seconds': { type: 'string', default: '15' },
      state: { type: 'string', default: DEFAULT_STATE_DIR },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const credentials = parseCredentials(values['api-keys']);
  if (credentials.length === 0) {
    console.error('callbrief live-bridge: no API key (--api-keys or CALLBRIEF_LIVE_API_KEYS)');
    return 2;
  }
  const config = parsePipelineConfig(
    JSON.parse(await readFile(resolve(values.config), 'utf-8')),
    values.config,
  );
  const missing = await missingEngines(config);
  if (missing) {
    console.error(missing);
    return 2;
  }
  const viewKey = process.env.CALLBRIEF_LIVE_VIEW_KEY
    ? Buffer.from(process.env.CALLBRIEF_LIVE_VIEW_KEY, 'base64')
    : randomBytes(32);
  const pipeline = await LocalPipeline.start({
    pipeline: config,
    logLevel: 'SILENT',
    stateDir: values.state,
  });
  const live = await startLiveBridge({
    credentials,
    port: Number(values.port),
    host: values.host,
    pipeline: config,
    s3: pipeline.s3,
    resultsBucket: pipeline.resultsBucket,
    recordingsBucket: pipeline.recordingsBucket,
    recordingsPrefix: pipeline.recordingsPrefix,
    viewKey,
    defaultCaseId: values.case,
    agentLanguage: values['agent-language'],
    maxUtteranceSeconds: Number(values['max-utterance-seconds']),
    // Recorders without AudioHook upload pieces under live/ (README, "Chunked live input").
    watchPieces: true,
    // Events and counts only: never call content, ids or links in the log.
    log: (event, detail) => {
      if (event !== 'message') console.log(JSON.stringify({ event, ...detail }));
    },
    onCallOpen: (_ref, links) => {
      // The operator's console is where links are handed out locally; they expire with the call.
      console.log(`call opened: case worker view ${live.httpUrl}${links.caseWorker}`);
      console.log(`             citizen view     ${live.httpUrl}${links.citizen}`);
    },
  });
  console.log(
    `callbrief live-bridge: AudioHook on ${live.bridge.url}/ (${credentials.length} key(s)), views on ${live.httpUrl}/live/…`,
  );
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  console.log('stopping: open calls end now (their utterance in flight is lost)');
  await live.stop();
  await pipeline.stop();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`callbrief live-bridge: ${(error as Error).message}`);
    process.exitCode = 2;
  },
);
