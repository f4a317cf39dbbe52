import { S3Client } from '@aws-sdk/client-s3';
import amqp from 'amqplib';
import { AmqpMessageQueue } from '../functions/adapters/amqpMessageQueue';
import { s3ListKeys } from '../functions/adapters/s3ListKeys';
import { S3ObjectStore } from '../functions/adapters/s3ObjectStore';
import { type ReconcileReport, reconcile } from '../functions/core/reconcile/reconcile';
import { redrive } from '../functions/core/redrive/redrive';
import { PIPELINE_STAGES } from '../functions/handlers/stageHandlers';
import { dataClassTags } from '../functions/shared/dataClasses';
import type { StageName } from '../functions/shared/documents';
import { amqpRedrivePort } from './amqpRedrivePort';
import type { OnpremEnv } from './onpremEnv';
import { deadLetterQueueOf, queueOf } from './topology';

/**
 * An S3 client on the on-premises store (RGW) for operations and tools. Ten attempts, the SDK's
 * backoff between them: an RGW restarting (the development watchdog, a rolling upgrade) is
 * waited for instead of failing the command.
 */
function rgwClient(env: OnpremEnv, accessKeyId: string, secretAccessKey: string): S3Client {
  return new S3Client({
    region: env.region,
    endpoint: env.s3Endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 10,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** The service user: owns the buckets, reads recordings, writes results. */
export const serviceS3 = (env: OnpremEnv) => rgwClient(env, env.accessKeyId, env.secretAccessKey);

/** The uploader user: may only put recordings (what telephony would hold). */
export const uploaderS3 = (env: OnpremEnv) =>
  rgwClient(env, env.uploaderAccessKeyId, env.uploaderSecretAccessKey);

/**
 * Moves the dead letters of the chosen stages back to their queues in RabbitMQ, where they wait
 * for the serve processes. Returns how many were moved per stage. The dead-letter queues are
 * durable quorum queues: dead letters of any earlier run or process are there.
 */
export async function redriveOnprem(
  env: OnpremEnv,
  stages: readonly StageName[] = PIPELINE_STAGES,
  max = 1000,
): Promise<Partial<Record<StageName, number>>> {
  const connection = await amqp.connect(env.amqpUrl);
  try {
    const port = amqpRedrivePort(await connection.createConfirmChannel());
    const moved: Partial<Record<StageName, number>> = {};
    for (const stage of stages) {
      moved[stage] = await redrive(port, {
        from: deadLetterQueueOf(stage),
        to: queueOf(stage),
        max,
      });
    }
    return moved;
  } finally {
    await connection.close().catch(() => {});
  }
}

/** Ready messages in the dead-letter queues of the pipeline's stages. */
export async function deadLetterCounts(env: OnpremEnv): Promise<Record<StageName, number>> {
  const connection = await amqp.connect(env.amqpUrl);
  try {
    const channel = await connection.createChannel();
    const counts = {} as Record<StageName, number>;
    for (const stage of PIPELINE_STAGES) {
      counts[stage] = (await channel.checkQueue(deadLetterQueueOf(stage))).messageCount;
    }
    return counts;
  } finally {
    await connection.close().catch(() => {});
  }
}

/**
 * Notifies ingest again of recordings in RGW that have neither a summary nor an error record,
 * forgetting their contacts' hand-off markers first, so that a call whose earlier attempt failed
 * (its dead letter gone) runs through every stage again. Reads only the durable state: RGW and
 * RabbitMQ, never anything of the process that ran before.
 */
export async function reconcileOnprem(
  env: OnpremEnv,
  options: { olderThanMs: number; maxReenqueue: number; prefix?: string },
): Promise<ReconcileReport> {
  const s3 = serviceS3(env);
  const connection = await amqp.connect(env.amqpUrl);
  try {
    const queue = new AmqpMessageQueue(await connection.createConfirmChannel());
    return await reconcile(
      {
        store: new S3ObjectStore(s3, dataClassTags),
        listKeys: s3ListKeys(s3),
        log: { info: () => {}, warn: console.warn, error: console.error },
      },
      {
        recordingsBucket: env.recordingsBucket,
        resultsBucket: env.resultsBucket,
        recordingsPrefix: options.prefix ?? 'recordings/',
        olderThanMs: options.olderThanMs,
        maxReenqueue: options.maxReenqueue,
        now: () => new Date(),
        ingestQueueUrl: queueOf('ingest'),
        queue,
        region: env.region,
        resetHandoffs: true,
      },
    );
  } finally {
    await connection.close().catch(() => {});
    s3.destroy();
  }
}
