// The on-premises service (`npm run serve` against Ceph RGW and RabbitMQ started by
// scripts/onprem-up.sh) measured as the embedded runner is in pipelineOverhead.ts and
// throughput.ts: per-call overhead with instant engines of 200 ms, and throughput with instant
// engines of no latency. Needs the services; skipped with a message when they are not up.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import amqp from 'amqplib';
import type { CaseSummary, SummaryReadyMessage } from '../functions/shared/documents';
import { ServeSupervisor } from '../local/soak/serveSupervisor';
import { median, percentile } from '../local/statistics';
import { type OnpremEnv, readOnpremEnv } from '../onprem/onpremEnv';
import { serviceS3, uploaderS3 } from '../onprem/operations';
import { queueOf } from '../onprem/topology';
import { SAMPLE_CALL } from './pipelineOverhead';

const ENV_FILE = '.callbrief/onprem.env';

export interface OnpremOverheadFigure {
  engineLatencyMs: number;
  /** Messages each stage of the one serve process handles at once. */
  stageConcurrency: number;
  calls: number;
  endToEndMsMedian: number;
  engineMsMedian: number;
  overheadMsMedian: number;
  overheadMsP95: number;
}

export interface OnpremThroughputFigure {
  calls: number;
  uploadConcurrency: number;
  stageConcurrency: number;
  seconds: number;
  callsPerSecond: number;
}

export type OnpremFigures =
  | { skipped: string }
  | { overhead: OnpremOverheadFigure; throughput: OnpremThroughputFigure };

interface Timing {
  endToEndMs: number;
  engineMs: number;
}

/** One serve process with instant engines, and the summary-ready queue read by the bench. */
async function withService<T>(
  env: OnpremEnv,
  options: { latencyMs: number; concurrency: number },
  work: (drive: (count: number, uploadConcurrency: number) => Promise<Timing[]>) => Promise<T>,
): Promise<T> {
  const run = `BENCH-${Date.now().toString(36).toUpperCase()}`;
  const uploader = uploaderS3(env);
  const service = serviceS3(env);
  const audio = await readFile(SAMPLE_CALL);
  const connection = await amqp.connect(env.amqpUrl);
  const channel = await connection.createChannel();
  const waiting = new Map<string, (message: SummaryReadyMessage) => void>();
  await channel.consume(queueOf('summary-ready'), (message) => {
    if (!message) return;
    const ready = JSON.parse(message.content.toString('utf-8')) as SummaryReadyMessage;
    const resolve = waiting.get(ready.case_id);
    if (!resolve) return; // not this bench's: returns to the queue when the bench ends
    channel.ack(message);
    waiting.delete(ready.case_id);
    resolve(ready);
  });
  const serve = new ServeSupervisor([
    '--env',
    ENV_FILE,
    '--instant-engines',
    '--instant-latency-ms',
    String(options.latencyMs),
    '--concurrency',
    String(options.concurrency),
    '--quiet',
  ]);
  let batch = 0;
  const drive = async (count: number, uploadConcurrency: number): Promise<Timing[]> => {
    batch += 1;
    let next = 0;
    const timings: Timing[] = [];
    const one = async () => {
      while (next < count) {
        const caseId = `${run}-${batch}-${next++}`;
        const ready = new Promise<SummaryReadyMessage>((resolve) => waiting.set(caseId, resolve));
        const started = Date.now();
        await uploader.send(
          new PutObjectCommand({
            Bucket: env.recordingsBucket,
            Key: `recordings/bench/${caseId}.wav`,
            Body: audio,
            ContentType: 'audio/wav',
            Metadata: { 'case-id': caseId, 'contact-id': 'call-1' },
          }),
        );
        const message = await ready;
        const out = await service.send(
          new GetObjectCommand({ Bucket: message.summary.bucket, Key: message.summary.key }),
        );
        const summary = JSON.parse(
          (await out.Body?.transformToString('utf-8')) ?? '',
        ) as CaseSummary;
        const p = summary.provenance;
        timings.push({
          endToEndMs: Date.parse(message.ready_at) - started,
          engineMs: [p.speech_to_text, p.translation, p.summarization, p.summary_translation]
            .map((x) => x?.latency_ms ?? 0)
            .reduce((a, b) => a + b, 0),
        });
      }
    };
    await Promise.all(Array.from({ length: uploadConcurrency }, one));
    return timings;
  };
  try {
    await serve.start(1);
    await drive(1, 1); // warm-up
    return await work(drive);
  } finally {
    await serve.stop();
    await connection.close().catch(() => {});
    uploader.destroy();
    service.destroy();
  }
}

export async function measureOnpremService(options: {
  singleCalls: number;
  throughputCalls: number;
  engineLatencyMs: number;
  concurrency: number;
  progress?: (line: string) => void;
}): Promise<OnpremFigures> {
  if (!existsSync(ENV_FILE)) {
    return { skipped: `no ${ENV_FILE}: start the services with ./scripts/onprem-up.sh first` };
  }
  const env = readOnpremEnv(ENV_FILE);
  const progress = options.progress ?? (() => {});
  progress(
    `on premises: ${options.singleCalls} calls one at a time, engines ${options.engineLatencyMs} ms`,
  );
  const single = await withService(
    env,
    { latencyMs: options.engineLatencyMs, concurrency: options.concurrency },
    (drive) => drive(options.singleCalls, 1),
  );
  const overheads = single.map((t) => t.endToEndMs - t.engineMs);
  progress(`on premises: ${options.throughputCalls} calls, instant engines of no latency`);
  const uploadConcurrency = 16;
  const throughput = await withService(
    env,
    { latencyMs: 0, concurrency: options.concurrency },
    async (drive) => {
      const started = Date.now();
      await drive(options.throughputCalls, uploadConcurrency);
      return (Date.now() - started) / 1000;
    },
  );
  return {
    overhead: {
      engineLatencyMs: options.engineLatencyMs,
      stageConcurrency: options.concurrency,
      calls: single.length,
      endToEndMsMedian: median(single.map((t) => t.endToEndMs)),
      engineMsMedian: median(single.map((t) => t.engineMs)),
      overheadMsMedian: median(overheads),
      overheadMsP95: percentile(overheads, 95),
    },
    throughput: {
      calls: options.throughputCalls,
      uploadConcurrency,
      stageConcurrency: options.concurrency,
      seconds: throughput,
      callsPerSecond: options.throughputCalls / throughput,
    },
  };
}
