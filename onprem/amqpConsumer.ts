import { createHash } from 'node:crypto';
import type { Channel, ConsumeMessage } from 'amqplib';
import type { Context, SQSBatchResponse, SQSRecord } from 'aws-lambda';
import type { SqsHandler } from '../functions/handlers/stageRuntime';
import { type TxDelivery, txCommit, txDelivery } from './atomicHandoff';

export interface ConsumerOptions {
  stage: string;
  queue: string;
  handler: SqsHandler;
  /** Messages handled at once by this process (the channel's prefetch). */
  concurrency: number;
  /**
   * Pause before a failed message goes back to the queue (SQS: the visibility timeout), doubled
   * on each further delivery (capped at 16x): the retries of a message then span long enough
   * for a hand-off claimed by a killed process to turn stale (see serve's --handoff-stale-seconds).
   */
  retryDelayMs: number;
  /** Rewrites a message body before the handler sees it (RGW events for ingest). */
  toBody?: (body: string) => string;
  onSettled?: (report: { stage: string; ok: boolean; ms: number }) => void;
  /** The queue's x-delivery-limit: the last failed delivery is dead-lettered without a pause. */
  deliveryLimit?: number;
  /**
   * The channel is in tx mode (atomicHandoff.ts): the handler runs as a transactional delivery,
   * and every acknowledgement is committed.
   */
  transactional?: boolean;
}

/**
 * Plays Lambda's SQS event source mapping over a RabbitMQ quorum queue: each delivery becomes a
 * one-record SQS event; success is acknowledged, failure rejected with requeue. The quorum queue
 * counts deliveries (x-delivery-count) and dead-letters the message after its delivery limit,
 * like SQS's maxReceiveCount. Acknowledgements are manual: a process killed mid-way leaves its
 * unacknowledged messages to the broker, which delivers them again.
 */
export async function consume(
  channel: Channel,
  options: ConsumerOptions,
): Promise<() => Promise<void>> {
  await channel.prefetch(options.concurrency);
  const { consumerTag } = await channel.consume(
    options.queue,
    (message) => {
      if (message) void handle(channel, options, message);
    },
    { noAck: false },
  );
  return async () => {
    await channel.cancel(consumerTag);
  };
}

function toRecord(message: ConsumeMessage, body: string, queue: string): SQSRecord {
  const deliveries = Number(message.properties.headers?.['x-delivery-count'] ?? 0);
  const messageId =
    (message.properties.messageId as string | undefined) ??
    createHash('sha256').update(message.content).digest('hex').slice(0, 32);
  const sent = String(
    message.properties.timestamp ? Number(message.properties.timestamp) * 1000 : Date.now(),
  );
  return {
    messageId,
    receiptHandle: String(message.fields.deliveryTag),
    body,
    attributes: {
      ApproximateReceiveCount: String(deliveries + 1),
      SentTimestamp: sent,
      SenderId: 'amqp',
      ApproximateFirstReceiveTimestamp: sent,
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(body).digest('hex'),
    eventSource: 'amqp:rabbitmq',
    eventSourceARN: `amqp:queue:${queue}`,
    awsRegion: 'on-premises',
  };
}

function context(stage: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `callbrief-${stage}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `onprem:callbrief-${stage}`,
    memoryLimitInMB: '1024',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/onprem/callbrief-${stage}`,
    logStreamName: 'onprem',
    getRemainingTimeInMillis: () => 900_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

async function handle(channel: Channel, options: ConsumerOptions, message: ConsumeMessage) {
  const started = performance.now();
  const raw = message.content.toString('utf-8');
  const record = toRecord(message, options.toBody ? options.toBody(raw) : raw, options.queue);
  const deliveries = Number(message.properties.headers?.['x-delivery-count'] ?? 0);
  let ok: boolean;
  const delivery: TxDelivery = { channel, message, acknowledged: false };
  const run = () => options.handler({ Records: [record] }, context(options.stage));
  try {
    const response = (await (options.transactional ? txDelivery.run(delivery, run) : run())) as
      | SQSBatchResponse
      | undefined;
    ok = !(response?.batchItemFailures ?? []).some((f) => f.itemIdentifier === record.messageId);
  } catch {
    ok = false;
  }
  try {
    // Acknowledged with its hand-off already: a failure after the commit changes nothing.
    if (delivery.acknowledged) ok = true;
    else if (ok) {
      channel.ack(message);
      if (options.transactional) await txCommit(channel);
    } else {
      // The pause holds one of the stage's slots (prefetch): none before the dead-lettering one.
      const last = options.deliveryLimit !== undefined && deliveries + 1 >= options.deliveryLimit;
      const delay = last ? 0 : retryDelayOf(options.retryDelayMs, deliveries);
      await new Promise((resolve) => setTimeout(resolve, delay));
      channel.nack(message, false, true);
      if (options.transactional) await txCommit(channel);
    }
  } catch {
    // The channel closed (broker restart, shutdown): the broker redelivers the message.
  }
  options.onSettled?.({ stage: options.stage, ok, ms: performance.now() - started });
}

/** The pause before a failed delivery returns: the base delay doubled per earlier delivery. */
export function retryDelayOf(baseMs: number, earlierDeliveries: number): number {
  return baseMs * 2 ** Math.min(4, Math.max(0, earlierDeliveries));
}
