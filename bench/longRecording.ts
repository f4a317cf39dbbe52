// Peak memory of the ingest and transcribe handlers on a 2-hour stereo call: a 16 kHz WAV
// (about 460 MB), or the same call as Ogg/Opus (opusenc, about 30 MB; transcribe decodes it).
// The handlers run in a child process built like a Lambda bundle; the S3 and SQS stand-ins, the
// instant transcription endpoint and the WAV generator stay in this process, so the child's
// peak RSS is the handlers' alone (see maxRssBytes in the worker for how it is read). The peak moves with garbage-collection timing (tens of MiB
// run to run), so the call goes through a fresh child several times.
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { build } from 'esbuild';
import type { Transcript } from '../functions/shared/documents';
import { parsePipelineConfig } from '../functions/shared/pipelineConfig';
import { lambdaEsbuildOptions } from '../infra/constructs/lambdaBundling';
import { buildOnDemandModules } from '../infra/constructs/onDemandModules';
import { providerBundleDefines } from '../infra/providerBundling';
import { s3EventNotification } from '../local/s3EventBridge';
import { startS3StandIn } from '../local/s3StandIn';
import { startSqsStandIn } from '../local/sqsStandIn';
import { standInClients } from '../local/standInClients';
import { median } from '../local/statistics';
import { startInstantTranscriptionServer } from './instantTranscriptionServer';
import type { WorkerInput, WorkerOutput } from './longRecordingWorker';
import { writeSyntheticCall } from './syntheticCall';

const run = promisify(execFile);
const REGION = 'eusc-de-east-1';
const RECORDINGS = 'callbrief-recordings';
const RESULTS = 'callbrief-results';
/** Lambda's "256 MB" memory setting is 256 MiB. */
export const RSS_LIMIT_BYTES = 256 * 1024 * 1024;

export type LongRecordingFormat = 'wav' | 'opus';

export interface LongRecordingFigure {
  /** The uploaded recording: 16 kHz 16-bit PCM WAV, or Ogg/Opus encoded from it. */
  format?: LongRecordingFormat;
  recordingSeconds: number;
  recordingBytes: number;
  /** The speech-to-text upload limit the chunking layer cuts below. */
  maxUploadBytes: number;
  /** Pieces the chunking layer sent to the endpoint per run, and the bytes they carried. */
  pieces: number;
  uploadedBytes: number;
  transcriptTurns: number;
  /** Fresh child processes that each ingested and transcribed the call. */
  runs: number;
  /** Peak RSS of the process that ran both handlers: median and highest over the runs. */
  peakRssBytes: number;
  peakRssMaxBytes: number;
  /** Its peak after ingest, before transcription started (median). */
  ingestPeakRssBytes: number;
  /** Peak RSS of the same process that only loaded and built the handlers. */
  idleRssBytes: number;
  limitBytes: number;
  generateSeconds: number;
  /** Medians over the runs. */
  uploadSeconds: number;
  ingestSeconds: number;
  transcribeSeconds: number;
}

export interface LongRecordingOptions {
  /** @default 7200 (2 hours) */
  seconds?: number;
  /** @default 25 MB, OpenAI-compatible endpoints' usual limit */
  maxUploadBytes?: number;
  /** @default 3 */
  runs?: number;
  /** @default 'wav' */
  format?: LongRecordingFormat;
}

/** Opus bitrate of the encoded call: a common setting for stereo speech recordings. */
const OPUS_KBPS = 32;

/** The deployed shape: a remote speech-to-text behind the chunking layer (registry.ts). */
function pipelineConfig(sttBaseUrl: string, maxUploadBytes: number) {
  return {
    speechToText: {
      type: 'openai-compatible',
      baseUrl: sttBaseUrl,
      model: 'instant',
      allowLoopback: true,
      maxUploadBytes,
    },
    translation: { type: 'apertium' },
    summarization: { type: 'extractive' },
  };
}

/**
 * Bundles the worker as the stack bundles a function (infra/constructs/lambdaBundling.ts), for
 * the configured providers only, so the child loads what Lambda loads.
 */
async function bundleWorker(outfile: string, pipeline: unknown): Promise<void> {
  await build({
    ...lambdaEsbuildOptions(providerBundleDefines(parsePipelineConfig(pipeline))),
    entryPoints: [join(import.meta.dirname, 'longRecordingWorker.ts')],
    outfile,
    logLevel: 'silent',
  });
  // The decoders the bundle imports on demand, beside it as in the function's asset.
  await buildOnDemandModules(outfile, dirname(outfile));
}

async function runWorker(file: string, input: WorkerInput): Promise<WorkerOutput> {
  const { stdout } = await run(process.execPath, [file], {
    env: { ...process.env, CALLBRIEF_BENCH_WORKER: JSON.stringify(input) },
    timeout: 30 * 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as WorkerOutput;
}

const since = (from: number) => (performance.now() - from) / 1000;
const progress = (line: string) => process.stderr.write(`  ${line}\n`);

interface RunFigure {
  uploadSeconds: number;
  worker: WorkerOutput;
  transcriptTurns: number;
}

export async function measureLongRecording(
  options: LongRecordingOptions = {},
): Promise<LongRecordingFigure> {
  const recordingSeconds = options.seconds ?? 7200;
  const maxUploadBytes = options.maxUploadBytes ?? 25_000_000;
  const runs = options.runs ?? 3;
  const format = options.format ?? 'wav';
  const dir = await mkdtemp(join(tmpdir(), 'callbrief-bench-long-'));
  const s3StandIn = await startS3StandIn([RECORDINGS, RESULTS]);
  const sqsStandIn = await startSqsStandIn(REGION);
  const stt = await startInstantTranscriptionServer();
  const { s3, sqs } = standInClients({
    region: REGION,
    s3Endpoint: s3StandIn.endpoint,
    sqsEndpoint: sqsStandIn.endpoint,
  });
  try {
    const wav = join(dir, 'long-call.wav');
    const generated = performance.now();
    await writeSyntheticCall(wav, recordingSeconds);
    const recording = format === 'wav' ? wav : join(dir, 'long-call.opus');
    if (format === 'opus') {
      const bitrate = String(OPUS_KBPS);
      await run('opusenc', ['--quiet', '--bitrate', bitrate, '--comp', '3', wav, recording]);
      await rm(wav);
    }
    const generateSeconds = since(generated);
    const recordingBytes = (await stat(recording)).size;
    progress(
      `generated ${(recordingBytes / 1e6).toFixed(0)} MB in ${generateSeconds.toFixed(1)} s`,
    );

    const queueOptions = { visibilityTimeoutSeconds: 900, maxReceiveCount: 3 };
    const queue = (name: string) => {
      const { url, arn } = sqsStandIn.createQueueWithDlq(`callbrief-${name}`, queueOptions);
      return { url, arn };
    };
    const input: WorkerInput = {
      mode: 'idle',
      region: REGION,
      s3Endpoint: s3StandIn.endpoint,
      sqsEndpoint: sqsStandIn.endpoint,
      recordingsBucket: RECORDINGS,
      resultsBucket: RESULTS,
      pipeline: pipelineConfig(stt.baseUrl, maxUploadBytes),
      queues: {
        ingest: queue('ingest'),
        transcribe: queue('transcribe'),
        translate: queue('translate'),
      },
    };
    const worker = join(dir, 'worker', 'worker.mjs');
    await bundleWorker(worker, input.pipeline);
    const idle = await runWorker(worker, input);

    // Each run is a new contact (its own key and case), so nothing is reused from the last one.
    const measured: RunFigure[] = [];
    for (let r = 1; r <= runs; r++) {
      const key = `recordings/bench/long-call-${r}.${format}`;
      const caseId = `BENCH-LONG-${r}`;
      const uploaded = performance.now();
      const put = await s3.send(
        new PutObjectCommand({
          Bucket: RECORDINGS,
          Key: key,
          Body: createReadStream(recording),
          ContentLength: recordingBytes,
          ContentType: format === 'wav' ? 'audio/wav' : 'audio/ogg',
          Metadata: { 'case-id': caseId, 'contact-id': 'call-1' },
        }),
      );
      const uploadSeconds = since(uploaded);
      const event = s3EventNotification(RECORDINGS, key, recordingBytes, put.ETag ?? '', REGION);
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: input.queues.ingest.url,
          MessageBody: JSON.stringify(event),
        }),
      );
      const output = await runWorker(worker, { ...input, mode: 'run' });
      const out = await s3.send(
        new GetObjectCommand({
          Bucket: RESULTS,
          Key: `cases/${caseId}/contacts/call-1/transcript.json`,
        }),
      );
      const transcript = JSON.parse(
        (await out.Body?.transformToString('utf-8')) ?? '',
      ) as Transcript;
      measured.push({ uploadSeconds, worker: output, transcriptTurns: transcript.turns.length });
      progress(
        `run ${r} of ${runs}: peak RSS ${(output.maxRssBytes / 2 ** 20).toFixed(0)} MiB, transcribed in ${((output.transcribeMs ?? 0) / 1000).toFixed(1)} s`,
      );
    }

    const of = (pick: (run: RunFigure) => number | undefined) =>
      measured.map((m) => pick(m) ?? Number.NaN);
    const peaks = of((m) => m.worker.maxRssBytes);
    return {
      format,
      recordingSeconds,
      recordingBytes,
      maxUploadBytes,
      pieces: stt.requests / runs,
      uploadedBytes: stt.bytes / runs,
      transcriptTurns: measured[0]?.transcriptTurns ?? 0,
      runs,
      peakRssBytes: median(peaks),
      peakRssMaxBytes: Math.max(...peaks),
      ingestPeakRssBytes: median(of((m) => m.worker.maxRssAfterIngestBytes)),
      idleRssBytes: idle.maxRssBytes,
      limitBytes: RSS_LIMIT_BYTES,
      generateSeconds,
      uploadSeconds: median(of((m) => m.uploadSeconds)),
      ingestSeconds: median(of((m) => m.worker.ingestMs)) / 1000,
      transcribeSeconds: median(of((m) => m.worker.transcribeMs)) / 1000,
    };
  } finally {
    s3.destroy();
    sqs.destroy();
    await stt.stop();
    await sqsStandIn.stop();
    await s3StandIn.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
