import type { ConfirmChannel, Message } from 'amqplib';
import type { MessageQueue } from '../shared/ports';

/** The broker took the message but no queue of that name exists: it was routed nowhere. */
export class UnroutableMessageError extends Error {
  constructor(queueName: string) {
    super(
      `no queue "${queueName}" on the broker: the message was returned unroutable (run the provisioning step, scripts/onprem-up.sh, or check the queue name)`,
    );
    this.name = 'UnroutableMessageError';
  }
}

/**
 * The queue port over AMQP 0-9-1 (RabbitMQ), beside the SQS adapter. A "queue URL" here is the
 * queue's name: the message goes through the default exchange straight to that queue, persistent,
 * and `send` resolves only when the broker confirmed it (publisher confirms), so a hand-off marker
 * is never written for a message the broker did not take.
 *
 * A confirm alone does not say the message reached a queue: RabbitMQ confirms an unroutable
 * message too. Published `mandatory`, such a message comes back (basic.return) before its
 * confirm, so `send` rejects it instead of reporting a message that vanished as delivered.
 */
export class AmqpMessageQueue implements MessageQueue {
  private readonly returned = new Set<string>();

  constructor(private readonly channel: ConfirmChannel) {
    channel.on('return', (message: Message) => {
      const id = message.properties.messageId as string | undefined;
      if (id) this.returned.add(id);
    });
  }

  send(queueName: string, body: unknown): Promise<void> {
    const messageId = crypto.randomUUID();
    return new Promise((resolve, reject) => {
      this.channel.sendToQueue(
        queueName,
        Buffer.from(JSON.stringify(body)),
        {
          persistent: true,
          contentType: 'application/json',
          messageId,
          timestamp: Math.floor(Date.now() / 1000),
          mandatory: true,
        },
        (error) => {
          const unroutable = this.returned.delete(messageId);
          if (error) reject(error);
          else if (unroutable) reject(new UnroutableMessageError(queueName));
          else resolve();
        },
      );
    });
  }
}
