import type { ConfirmChannel } from 'amqplib';
import type { MessageQueue } from '../shared/ports';

/**
 * The queue port over AMQP 0-9-1 (RabbitMQ), beside the SQS adapter. A "queue URL" here is the
 * queue's name: the message goes through the default exchange straight to that queue, persistent,
 * and `send` resolves only when the broker confirmed it (publisher confirms), so a hand-off marker
 * is never written for a message the broker did not take.
 */
export class AmqpMessageQueue implements MessageQueue {
  constructor(private readonly channel: ConfirmChannel) {}

  send(queueName: string, body: unknown): Promise<void> {
    return new Promise((resolve, reject) => {
      this.channel.sendToQueue(
        queueName,
        Buffer.from(JSON.stringify(body)),
        {
          persistent: true,
          contentType: 'application/json',
          messageId: crypto.randomUUID(),
          timestamp: Math.floor(Date.now() / 1000),
          // Routed nowhere (a missing queue) comes back as an error instead of vanishing.
          mandatory: true,
        },
        (error) => (error ? reject(error) : resolve()),
      );
    });
  }
}
