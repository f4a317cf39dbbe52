import type { ChannelModel } from 'amqplib';
import { deadLetterQueueOf, QUEUES, queueOf } from './topology';

/** Every queue of the topology (onprem/provision.ts declares them). */
export const TOPOLOGY_QUEUES = QUEUES.flatMap((name) => [queueOf(name), deadLetterQueueOf(name)]);

/**
 * The queues among `names` the broker does not have, by passive declare (which the service
 * user may do without any configure right). serve checks before it starts: a message published
 * to a missing queue would otherwise only surface at its first hand-off, and the last hand-off
 * (summary-ready, in an AMQP transaction) could not tell at all.
 */
export async function missingQueues(
  connection: ChannelModel,
  names: readonly string[] = TOPOLOGY_QUEUES,
): Promise<string[]> {
  const missing: string[] = [];
  for (const name of names) {
    // A failed passive declare closes its channel: one channel per check.
    const channel = await connection.createChannel();
    channel.on('error', () => {});
    try {
      await channel.checkQueue(name);
      await channel.close();
    } catch {
      missing.push(name);
    }
  }
  return missing;
}
