import { parseArgs } from 'node:util';
import { Logger } from '@aws-lambda-powertools/logger';
import amqp from 'amqplib';
import { AmqpMessageQueue } from '../functions/adapters/amqpMessageQueue';
import { createS3Client } from '../functions/adapters/awsClients';
import { localCaseIdMac } from '../functions/core/erasure/caseIdMac';
import { PIPELINE_STAGES, STAGE_HANDLERS } from '../functions/handlers/stageHandlers';
import type { StageRuntime } from '../functions/handlers/stageRuntime';
import type { StageName } from '../functions/shared/documents';
import { ConfigurationError } from '../functions/shared/errors';
import { readPipelineConfig, runCommand } from '../local/cliSupport';
import { instantEngines } from '../local/soak/instantEngines';
import { consume } from './amqpConsumer';
import { AtomicHandoffQueue, txSelect } from './atomicHandoff';
import { missingQueues } from './missingQueues';
import { readOnpremEnv } from './onpremEnv';
import { asS3Notification } from './rgwEvent';
import { DEFAULT_DELIVERY_LIMIT, queueOf } from './topology';

const STAGES = PIPELINE_STAGES;
const NEXT: Record<StageName, string> = {
  ingest: queueOf('transcribe'),
  transcribe: queueOf('translate'),
  translate: queueOf('summarize'),
  summarize: queueOf('publish'),
  publish: queueOf('summary-ready'),
};
const USAGE = `Usage: npm run serve -- [--env FILE] [--config FILE] [--concurrency N]
                        [--stage-concurrency STAGE=N ...] [--instant-engines]

Runs the pipeline's stage handlers as a long-lived service on premises: objects in an
S3-compatible store (Ceph RGW), messages in RabbitMQ quorum queues, as started by
./scripts/onprem-up.sh. Several serve processes, on one or many machines, share the work.
Stops cleanly on SIGTERM or SIGINT; a SIGKILL loses nothing (unacknowledged messages return).

  --env FILE                endpoints and credentials (default: .callbrief/onprem.env)
  --config FILE             pipeline configuration (default: callbrief.config.json)
  --concurrency N           messages each stage handles at once in this process (default 1)
  --stage-concurrency S=N   override for one stage, e.g. transcribe=2 (repeatable)
  --instant-engines         instant stand-in engines instead of the configured providers
                            (soak and benchmarks)
  --instant-latency-ms N    with --instant-engines: each engine call takes N ms (benchmarks)
  --retry-delay-seconds N   pause before a failed message returns to its queue, doubled on
                            each further delivery (default 5: 5+10+20+40 s before the fifth);
                            the pause holds one of the stage's --concurrency slots
  --handoff-stale-seconds N a hand-off claimed this long ago by a process that died before it
                            sent is sent again (default 30; below the retries' span)
  --quiet                   no line per handled message
  -h, --help                show this help and do nothing else`;

function positiveInteger(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigurationError(`${name} must be a positive integer, got ${text}`);
  }
  return value;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      env: { type: 'string', default: '.callbrief/onprem.env' },
      config: { type: 'string', default: 'callbrief.config.json' },
      concurrency: { type: 'string', default: '1' },
      'stage-concurrency': { type: 'string', multiple: true, default: [] },
      'instant-engines': { type: 'boolean', default: false },
      'instant-latency-ms': { type: 'string', default: '0' },
      'retry-delay-seconds': { type: 'string', default: '5' },
      'handoff-stale-seconds': { type: 'string', default: '30' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const env = readOnpremEnv(values.env);
  const pipeline = await readPipelineConfig(values.config);
  const concurrency = Object.fromEntries(
    STAGES.map((s) => [s, positiveInteger(values.concurrency, '--concurrency')]),
  ) as Record<StageName, number>;
  for (const pair of values['stage-concurrency']) {
    const [stage, n] = pair.split('=');
    if (!stage || !(STAGES as readonly string[]).includes(stage) || n === undefined) {
      throw new ConfigurationError(`--stage-concurrency expects STAGE=N, got ${pair}`);
    }
    concurrency[stage as StageName] = positiveInteger(n, `--stage-concurrency ${stage}`);
  }
  const retryDelayMs =
    positiveInteger(values['retry-delay-seconds'], '--retry-delay-seconds') * 1000;
  const handoffStaleSeconds = positiveInteger(
    values['handoff-stale-seconds'],
    '--handoff-stale-seconds',
  );
  const s3 = createS3Client({
    region: env.region,
    s3Endpoint: env.s3Endpoint,
    credentials: { accessKeyId: env.accessKeyId, secretAccessKey: env.secretAccessKey },
  });
  const connection = await amqp.connect(env.amqpUrl);
  const missing = await missingQueues(connection);
  if (missing.length > 0) {
    await connection.close();
    throw new ConfigurationError(
      `RabbitMQ has no queue ${missing.join(', ')}: provision the topology first (onprem/provision.ts, which scripts/onprem-up.sh runs)`,
    );
  }
  const publishChannel = await connection.createConfirmChannel();
  const queue = new AmqpMessageQueue(publishChannel);
  const caseIdMac = localCaseIdMac(env.caseIdMacKey);
  const latencyMs = Number(values['instant-latency-ms']);
  if (!Number.isInteger(latencyMs) || latencyMs < 0) {
    throw new ConfigurationError(`--instant-latency-ms must be >= 0, got ${latencyMs}`);
  }
  const providers = values['instant-engines'] ? instantEngines(undefined, latencyMs) : undefined;
  const stops: Array<() => Promise<void>> = [];
  for (const stage of STAGES) {
    // The last hand-off leaves the pipeline: it is committed with its acknowledgement, on one
    // transactional channel per message in flight (atomicHandoff.ts).
    const atomic = stage === 'publish';
    const runtime: StageRuntime = {
      env: {
        recordingsBucket: env.recordingsBucket,
        resultsBucket: env.resultsBucket,
        recordingsPrefix: 'recordings/',
        nextQueueUrl: NEXT[stage],
        // A hand-off claimed by a process killed before it sent is resent after this. RabbitMQ
        // gives a message to one consumer at a time, so only a duplicate message (a repeated
        // bucket event) can meet a live claim; a killed claimer's message comes back, retries
        // with growing pauses, and finds the claim stale before its delivery limit.
        handoffStaleSeconds,
        pipeline,
      },
      s3,
      queue: atomic ? new AtomicHandoffQueue(queue) : queue,
      logger: new Logger({ serviceName: `callbrief-${stage}`, logLevel: 'WARN' }),
      caseIdMac,
      providers,
    };
    const handler = STAGE_HANDLERS[stage](runtime);
    const consumer = {
      stage,
      queue: queueOf(stage),
      handler,
      retryDelayMs,
      deliveryLimit: DEFAULT_DELIVERY_LIMIT,
      toBody: stage === 'ingest' ? asS3Notification : undefined,
      onSettled: values.quiet
        ? undefined
        : ({ ok, ms }: { ok: boolean; ms: number }) =>
            console.log(
              `[${stage.padEnd(10)}] ${ok ? 'done' : 'failed, returns to the queue'} (${ms.toFixed(0)} ms)`,
            ),
    };
    if (atomic) {
      for (let i = 0; i < concurrency[stage]; i++) {
        const channel = await connection.createChannel();
        await txSelect(channel);
        stops.push(await consume(channel, { ...consumer, concurrency: 1, transactional: true }));
      }
    } else {
      const channel = await connection.createChannel();
      stops.push(await consume(channel, { ...consumer, concurrency: concurrency[stage] }));
    }
  }
  console.log(
    `callbrief serve: ${STAGES.map((s) => `${s}x${concurrency[s]}`).join(' ')}; delivery limit ${DEFAULT_DELIVERY_LIMIT}; pid ${process.pid}`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  console.log('callbrief serve: stopping');
  for (const stop of stops) await stop().catch(() => {});
  await connection.close().catch(() => {});
  return 0;
}

runCommand('serve', main);
