import { randomBytes } from 'node:crypto';
// The process whose memory bench/longRecording.ts measures: it holds only what a Lambda
// function holds (the ingest and transcribe handlers and their SDK clients) and talks to the
// stand-ins and the transcription server of its parent over HTTP. It prints one JSON line.
import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { localCaseIdMac } from '../functions/core/erasure/caseIdMac';
import { createIngestHandler } from '../functions/handlers/ingest';
import type { SqsHandler, StageRuntime } from '../functions/handlers/stageRuntime';
import { createTranscribeHandler } from '../functions/handlers/transcribe';
import { parsePipelineConfig } from '../functions/shared/pipelineConfig';
import { QueuePoller } from '../local/queuePoller';
import { standInClients } from '../local/standInClients';

interface Queue {
  url: string;
  arn: string;
}

export interface WorkerInput {
  /** `idle` builds the handlers and reports; `run` also ingests and transcribes one message. */
  mode: 'idle' | 'run';
  region: string;
  s3Endpoint: string;
  sqsEndpoint: string;
  recordingsBucket: string;
  resultsBucket: string;
  /** The pipeline configuration, as the function's environment would carry it. */
  pipeline: unknown;
  queues: { ingest: Queue; transcribe: Queue; translate: Queue };
}

export interface WorkerOutput {
  maxRssBytes: number;
  /** The peak when ingest was done and transcription not yet started. */
  maxRssAfterIngestBytes?: number;
  ingestMs?: number;
  transcribeMs?: number;
}

const input = JSON.parse(process.env.CALLBRIEF_BENCH_WORKER ?? '') as WorkerInput;
const { region, s3Endpoint, sqsEndpoint } = input;
const { s3, sqs } = standInClients({ region, s3Endpoint, sqsEndpoint });
const pipeline = parsePipelineConfig(input.pipeline);
const caseIdKey = randomBytes(32);

function runtime(stage: string, nextQueue: Queue): StageRuntime {
  return {
    env: {
      recordingsBucket: input.recordingsBucket,
      resultsBucket: input.resultsBucket,
      recordingsPrefix: 'recordings/',
      nextQueueUrl: nextQueue.url,
      handoffStaleSeconds: 900,
      pipeline,
    },
    s3,
    sqs,
    logger: new Logger({ serviceName: `callbrief-${stage}`, logLevel: 'SILENT' }),
    caseIdMac: localCaseIdMac(caseIdKey),
  };
}

/** Delivers the one message waiting on `queue` to `handler`, as Lambda would; returns ms. */
async function invokeOnce(stage: string, queue: Queue, handler: SqsHandler): Promise<number> {
  let failed = 0;
  const poller = new QueuePoller({
    stage,
    sqs,
    queueUrl: queue.url,
    queueArn: queue.arn,
    region: input.region,
    handler,
    batchSize: 1,
    retryDelaySeconds: 1,
    onBatch: (report) => {
      failed = report.failedIds.length;
    },
  });
  const started = performance.now();
  const received = await poller.pollOnce();
  if (received !== 1 || failed > 0) throw new Error(`${stage}: the message failed or was missing`);
  return performance.now() - started;
}

const ingest = createIngestHandler(runtime('ingest', input.queues.transcribe));
const transcribe = createTranscribeHandler(runtime('transcribe', input.queues.translate));
/**
 * The high-water mark of this process's RSS so far. Read from VmHWM where Linux has it, not from
 * process.resourceUsage().maxRSS: Linux keeps ru_maxrss across exec and Node spawns a child that
 * shares its parent's memory until exec, so the child's maxRSS starts at the parent's peak
 * (a 344 MiB parent gives an idle child 304 MiB). VmHWM starts afresh at exec.
 */
function maxRssBytes(): number {
  try {
    const kib = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf-8'))?.[1];
    if (kib) return Number(kib) * 1024;
  } catch {
    // Not Linux: maxRSS is the portable figure.
  }
  return process.resourceUsage().maxRSS * 1024;
}
const output: WorkerOutput = { maxRssBytes: 0 };
if (input.mode === 'run') {
  output.ingestMs = await invokeOnce('ingest', input.queues.ingest, ingest);
  output.maxRssAfterIngestBytes = maxRssBytes();
  output.transcribeMs = await invokeOnce('transcribe', input.queues.transcribe, transcribe);
}
output.maxRssBytes = maxRssBytes();
console.log(JSON.stringify(output));
s3.destroy();
sqs.destroy();
