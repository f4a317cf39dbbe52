import type { ConfirmChannel, GetMessage } from 'amqplib';
import type { RedriveQueuePort } from '../functions/core/redrive/redrive';

/**
 * RedriveQueuePort over RabbitMQ: a dead letter is fetched unacknowledged (basic.get), published
 * to its source queue with a publisher confirm, and only then acknowledged, so a crash in between
 * leaves it in the dead-letter queue (a later redrive sends it again; the stages absorb that).
 */
export function amqpRedrivePort(channel: ConfirmChannel): RedriveQueuePort {
  const held = new Map<string, GetMessage>();
  return {
    async receive(queue, maxMessages) {
      const out: { body: string; receiptHandle: string }[] = [];
      while (out.length < maxMessages) {
        const message = await channel.get(queue, { noAck: false });
        if (!message) break;
        const handle = String(message.fields.deliveryTag);
        held.set(handle, message);
        out.push({ body: message.content.toString('utf-8'), receiptHandle: handle });
      }
      return out;
    },
    async send(queue, body) {
      await new Promise<void>((resolve, reject) =>
        channel.sendToQueue(
          queue,
          Buffer.from(body),
          { persistent: true, contentType: 'application/json', messageId: crypto.randomUUID() },
          (error) => (error ? reject(error) : resolve()),
        ),
      );
    },
    async delete(_queue, handle) {
      const message = held.get(handle);
      if (!message) throw new Error(`no message held under ${handle}`);
      held.delete(handle);
      channel.ack(message);
    },
  };
}
