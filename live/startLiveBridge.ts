import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { S3ObjectStore } from '../functions/adapters/s3ObjectStore';
import { createSpeechToText, createTranslation } from '../functions/providers/registry';
import type { SpeechToTextProvider } from '../functions/providers/speechToText/SpeechToTextProvider';
import type { TranslationProvider } from '../functions/providers/translation/TranslationProvider';
import { dataClassTags } from '../functions/shared/dataClasses';
import type { ContactRef } from '../functions/shared/documents';
import type { PipelineConfig } from '../functions/shared/pipelineConfig';
import type { UtteranceCutterOptions } from './audio/UtteranceCutter';
import { BridgeServer } from './bridge/BridgeServer';
import type { Credential } from './bridge/credentials';
import { LiveCall, type LiveCallSummary, type LiveServices, NO_TRANSPORT } from './calls/LiveCall';
import type { LiveSegment } from './calls/liveSegment';
import { completeRecording } from './chunks/completeRecording';
import { PieceWatcher, type PieceWatchOptions } from './chunks/PieceWatcher';
import { BRIDGE_ROOT } from './chunks/pieceLayout';
import { S3PieceStore } from './chunks/s3PieceStore';
import { uploadRecording } from './uploadRecording';
import { LiveViews } from './views/LiveViews';
import { LiveViewLinksRecord } from './views/liveViewLinks';

export interface LiveBridgeOptions {
  credentials: readonly Credential[];
  port?: number;
  host?: string;
  pipeline: PipelineConfig;
  s3: S3Client;
  resultsBucket: string;
  recordingsBucket: string;
  recordingsPrefix: string;
  /** Instead of the configured providers (instant engines in the benchmark). */
  providers?: { speechToText: SpeechToTextProvider; translation: TranslationProvider };
  /** HMAC key of the view links. @default 32 random bytes: links die with the process */
  viewKey?: Buffer;
  /**
   * The views' address as people reach it, written into `live-views.json` beside each contact
   * (the load balancer's HTTPS address in the stack; '' writes paths only).
   * @default this process's own http://host:port
   */
  publicUrl?: string;
  /** @default 'LIVE' */
  defaultCaseId?: string;
  /** What the agent speaks. @default pipeline.languages.caseWorker */
  agentLanguage?: string;
  /** @default 15 */
  maxUtteranceSeconds?: number;
  cutter?: Partial<UtteranceCutterOptions>;
  /** Seconds of audio per persisted piece (what a bridge killed mid-call can lose). @default 2 */
  pieceSeconds?: number;
  /** Also take recorders' pieces under `live/` (live/chunks/PieceWatcher.ts). @default false */
  watchPieces?: boolean | PieceWatchOptions;
  /** Utterances in the providers at once, across all calls. @default 4 */
  providerConcurrency?: number;
  failureDelayMs?: number;
  closeGraceMs?: number;
  onCallOpen?: (ref: ContactRef, links: { caseWorker: string; citizen: string }) => void;
  onSegment?: (segment: LiveSegment) => void;
  onCallEnd?: (summary: LiveCallSummary) => void;
  log?: (event: string, detail: Record<string, unknown>) => void;
}

export interface LiveBridge {
  bridge: BridgeServer;
  views: LiveViews;
  /** The calls that are open or finishing. */
  calls: Set<LiveCall>;
  /** http://host:port, for the view links. */
  httpUrl: string;
  stop(): Promise<void>;
}

/** The bridge process: AudioHook server, live calls over the provider ports, and the live views. */
export async function startLiveBridge(options: LiveBridgeOptions): Promise<LiveBridge> {
  const workRoot = await mkdtemp(join(tmpdir(), 'callbrief-live-'));
  // Tagged with their data class, so live segments and view links expire with their own rule.
  const store = new S3ObjectStore(options.s3, dataClassTags);
  let httpUrl = '';
  const viewLinks = new LiveViewLinksRecord(
    store,
    options.resultsBucket,
    () => options.publicUrl ?? httpUrl,
    options.log,
  );
  const views = new LiveViews(options.viewKey ?? randomBytes(32), viewLinks);
  const speechToText = options.providers?.speechToText ?? createSpeechToText(options.pipeline);
  const translation = options.providers?.translation ?? createTranslation(options.pipeline);
  const limit = pLimit(options.providerConcurrency ?? 4);
  const calls = new Set<LiveCall>();
  // The last call of each contact in this process, so a new session waits for its finish.
  const latest = new Map<string, Promise<unknown>>();
  const claim = (ref: ContactRef, done: Promise<unknown>) => {
    const key = `${ref.case_id}/${ref.contact_id}`;
    const before = latest.get(key);
    latest.set(key, done);
    void done.then(() => {
      if (latest.get(key) === done) latest.delete(key);
    });
    return before ?? Promise.resolve();
  };
  const pieces = new S3PieceStore(options.s3, options.recordingsBucket);
  const target = {
    s3: options.s3,
    bucket: options.recordingsBucket,
    prefix: options.recordingsPrefix,
  };
  const languages = options.pipeline.languages;
  const services: LiveServices = {
    store,
    resultsBucket: options.resultsBucket,
    speechToText,
    translation,
    limit,
    languages: {
      caseWorker: languages.caseWorker,
      defaultCaller: languages.defaultCaller ?? 'en',
      agent: options.agentLanguage,
    },
    defaultCaseId: options.defaultCaseId ?? 'LIVE',
    views,
    pieces,
    claim,
    pieceSeconds: options.pieceSeconds,
    completeRecording: (call) =>
      completeRecording(pieces, call, (upload) => uploadRecording(target, upload), workRoot),
    cutter: { maxSeconds: options.maxUtteranceSeconds ?? 15, ...options.cutter },
    workRoot,
    log: options.log,
    onCallOpen: options.onCallOpen,
    onSegment: options.onSegment,
    onCallEnd: options.onCallEnd,
  };
  const track = (call: LiveCall) => {
    calls.add(call);
    void call.done.then(() => calls.delete(call));
    return call;
  };
  const watchOptions = options.watchPieces === true ? {} : options.watchPieces || undefined;
  const watcher = watchOptions
    ? new PieceWatcher(
        {
          pieces,
          store,
          recordingsBucket: options.recordingsBucket,
          config: options.pipeline,
          newCall: () => track(new LiveCall(NO_TRANSPORT, services)),
          complete: services.completeRecording,
          isActive: (prefix) => latest.has(prefix.slice(BRIDGE_ROOT.length, -1)),
          workRoot,
          log: options.log,
        },
        watchOptions,
      )
    : undefined;
  watcher?.start();
  const bridge = await BridgeServer.start({
    credentials: options.credentials,
    port: options.port,
    host: options.host,
    failureDelayMs: options.failureDelayMs,
    closeGraceMs: options.closeGraceMs,
    log: options.log,
    http: (request, response) => {
      if (!views.handle(request, response)) response.writeHead(404).end();
    },
    observe: (session) => track(new LiveCall(session, services)),
  });
  httpUrl = bridge.url.replace(/^ws/, 'http');
  return {
    bridge,
    views,
    calls,
    httpUrl,
    async stop() {
      await watcher?.stop();
      await bridge.stop();
      await Promise.allSettled([...calls].map((call) => call.done));
      await viewLinks.flush();
      await rm(workRoot, { recursive: true, force: true });
    },
  };
}
