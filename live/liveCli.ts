import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parsePipelineConfig } from '../functions/shared/pipelineConfig';
import { classifyInputs, exportResults } from '../local/inputOutcomes';
import { LocalPipeline } from '../local/localPipeline';
import { prepareOutDir } from '../local/outDir';
import { missingEngines } from '../local/preflight';
import { printOutcomes } from '../local/printOutcomes';
import { DEFAULT_STATE_DIR } from '../local/stateDir';
import type { LiveSegment } from './calls/liveSegment';
import { playThroughBridge } from './player/AudioHookPlayer';
import { readRecordingChannels } from './readRecording';
import { startLiveBridge } from './startLiveBridge';
import { liveRecordingKey } from './uploadRecording';

export interface LiveRunOptions {
  file: string;
  speed: number;
  configPath: string;
  caseId?: string;
  outDir: string;
  stateDir?: string;
  /** Language the agent speaks. @default the case worker's */
  agentLanguage?: string;
  callerLanguage?: string;
}

/**
 * `npm start -- --live FILE [--speed N]`: the whole pipeline and the bridge in this process, the
 * recording played through a local AudioHook client as if Genesys Cloud streamed it, each
 * utterance printed in both languages as it appears, then the post-call summary.
 */
export async function runLive(options: LiveRunOptions): Promise<number> {
  const pipelineConfig = parsePipelineConfig(
    JSON.parse(await readFile(resolve(options.configPath), 'utf-8')),
    options.configPath,
  );
  const missing = await missingEngines(pipelineConfig);
  if (missing) {
    console.error(missing);
    return 2;
  }
  if (!existsSync(options.file)) throw new Error(`input ${options.file} not found`);
  const sidecar = await readSidecar(options.file);
  // As `npm start`: --out holds this call's results only (a bad --out fails before the call).
  const outDir = resolve(options.outDir);
  await prepareOutDir(outDir);
  const channels = await readRecordingChannels(options.file);
  // The bridge's channel order is caller (external), agent (internal).
  if (channels.length === 2 && sidecar.agent_channel === 0) channels.reverse();
  const pipeline = await LocalPipeline.start({
    pipeline: pipelineConfig,
    logLevel: 'SILENT',
    stateDir: options.stateDir ?? DEFAULT_STATE_DIR,
  });
  const apiKey = 'local-player';
  const clientSecret = randomBytes(32).toString('base64');
  const languages = pipelineConfig.languages;
  const live = await startLiveBridge({
    credentials: [{ apiKey, clientSecret }],
    pipeline: pipelineConfig,
    s3: pipeline.s3,
    resultsBucket: pipeline.resultsBucket,
    recordingsBucket: pipeline.recordingsBucket,
    recordingsPrefix: pipeline.recordingsPrefix,
    defaultCaseId: options.caseId ?? sidecar.case_id ?? 'LIVE',
    agentLanguage: options.agentLanguage,
    onCallOpen: (_ref, links) => {
      console.log(`  case worker view: ${live.httpUrl}${links.caseWorker}`);
      console.log(`  citizen view:     ${live.httpUrl}${links.citizen}`);
    },
    onSegment: printSegment,
  });
  try {
    const callerLanguage =
      options.callerLanguage ?? sidecar.caller_language ?? languages.defaultCaller ?? 'en';
    console.log(
      `callbrief live: ${pipelineConfig.speechToText.type} -> ${pipelineConfig.translation.type}, ` +
        `caller ${callerLanguage}, case worker ${languages.caseWorker}, ` +
        `${options.speed > 0 ? `${options.speed}x real time` : 'as fast as possible'}`,
    );
    const started = performance.now();
    const { conversationId } = await playThroughBridge({
      url: live.bridge.url,
      apiKey,
      clientSecret,
      channels,
      speed: options.speed,
      language: callerLanguage,
    });
    await Promise.all([...live.calls].map((call) => call.done));
    const hungUp = performance.now();
    console.log(
      `  call ended after ${((performance.now() - started) / 1000).toFixed(1)} s; post-call pipeline …`,
    );
    await pipeline.waitUntilIdle();
    const notifications = await pipeline.drainSummaryReady();
    const caseId = options.caseId ?? sidecar.case_id ?? 'LIVE';
    const key = liveRecordingKey(pipeline.recordingsPrefix, {
      ref: { case_id: caseId, contact_id: conversationId },
    });
    const outcomes = await classifyInputs(pipeline, [key]);
    const written = await exportResults(pipeline, outDir, outcomes);
    await printOutcomes({
      outcomes,
      outDir,
      written,
      seconds: (performance.now() - hungUp) / 1000,
      since: 'hang-up',
      notifications,
    });
    return outcomes.every((o) => o.status === 'summarized') ? 0 : 1;
  } finally {
    await live.stop();
    await pipeline.stop();
  }
}

function printSegment(segment: LiveSegment): void {
  const who = segment.speaker === 'caller' ? 'caller' : 'agent ';
  const at = `${segment.start.toFixed(1).padStart(6)} s`;
  console.log(`  [${at}] ${who} (${segment.language}) ${segment.text}`);
  if (segment.translation) {
    console.log(
      `  ${' '.repeat(10)} ${' '.repeat(6)} (${segment.translation.language}) ${segment.translation.text}`,
    );
  }
  console.log(
    `  ${' '.repeat(17)} latency ${segment.latency_ms} ms after the end of the utterance`,
  );
}

interface Sidecar {
  case_id?: string;
  caller_language?: string;
  agent_channel?: number;
}

async function readSidecar(file: string): Promise<Sidecar> {
  for (const candidate of [file.replace(/\.[^./]+$/, '.meta.json'), `${file}.meta.json`]) {
    if (existsSync(candidate)) return JSON.parse(await readFile(candidate, 'utf-8')) as Sidecar;
  }
  return {};
}
