import { AsyncLocalStorage } from 'node:async_hooks';
import type { Channel, ConsumeMessage } from 'amqplib';
import type { MessageQueue } from '../functions/shared/ports';

/**
 * The last hand-off (publish → summary-ready) leaves the pipeline: a repeated message there is a
 * duplicate a case system sees. Publisher confirms leave a window: a process killed after the
 * broker confirmed the notification but before the hand-off marker says 'sent' gets its publish
 * message back, finds the claim stale and sends again. Here the notification and the
 * acknowledgement of the message that caused it go to RabbitMQ in one AMQP transaction
 * (tx.select / tx.commit): both take effect on commit, and a process that dies before the commit
 * leaves neither, so its message comes back and sends the notification exactly once.
 * amqplib speaks confirms but not tx; the tx methods are sent through its channel RPC.
 */

// AMQP 0-9-1 class tx (90): select 10/11, commit 20/21 (class id << 16 | method id).
const TX_SELECT = (90 << 16) | 10;
const TX_SELECT_OK = (90 << 16) | 11;
const TX_COMMIT = (90 << 16) | 20;
const TX_COMMIT_OK = (90 << 16) | 21;

interface RpcChannel {
  rpc(method: number, fields: object, expect: number): Promise<unknown>;
}

export async function txSelect(channel: Channel): Promise<void> {
  await (channel as unknown as RpcChannel).rpc(TX_SELECT, {}, TX_SELECT_OK);
}

export async function txCommit(channel: Channel): Promise<void> {
  await (channel as unknown as RpcChannel).rpc(TX_COMMIT, {}, TX_COMMIT_OK);
}

/** The delivery a transactional consumer is handling right now. */
export interface TxDelivery {
  channel: Channel;
  message: ConsumeMessage;
  /** Set once the delivery was acknowledged in the same commit as the hand-off. */
  acknowledged: boolean;
}

export const txDelivery = new AsyncLocalStorage<TxDelivery>();

/**
 * The queue port for the publish stage: inside a transactional delivery the message is published
 * and the delivery acknowledged in one commit; anywhere else it falls back to `queue`.
 */
export class AtomicHandoffQueue implements MessageQueue {
  constructor(private readonly queue: MessageQueue) {}

  async send(queueName: string, body: unknown): Promise<void> {
    const delivery = txDelivery.getStore();
    if (!delivery) return this.queue.send(queueName, body);
    delivery.channel.sendToQueue(queueName, Buffer.from(JSON.stringify(body)), {
      persistent: true,
      contentType: 'application/json',
      messageId: crypto.randomUUID(),
      timestamp: Math.floor(Date.now() / 1000),
    });
    if (!delivery.acknowledged) delivery.channel.ack(delivery.message);
    delivery.acknowledged = true;
    await txCommit(delivery.channel);
  }
}
