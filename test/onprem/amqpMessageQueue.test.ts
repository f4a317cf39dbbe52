import { randomUUID } from 'node:crypto';
import { type ChannelModel, connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AmqpMessageQueue,
  UnroutableMessageError,
} from '../../functions/adapters/amqpMessageQueue';
import { missingQueues, TOPOLOGY_QUEUES } from '../../onprem/missingQueues';
import { readOnpremEnv } from '../../onprem/onpremEnv';
import { ONPREM_ENV_FILE, onpremTestsRun } from './onpremAvailable';

describe.runIf(onpremTestsRun('AMQP queue adapter tests'))(
  'Class: AmqpMessageQueue (against RabbitMQ)',
  () => {
    // The provisioning user declares a queue of its own; the service user (who may declare
    // nothing) publishes and reads, as the serve process does.
    let provision: ChannelModel;
    let connection: ChannelModel;
    const queueName = `callbrief-test-${randomUUID()}`;

    beforeAll(async () => {
      const env = readOnpremEnv(ONPREM_ENV_FILE);
      provision = await connect(env.amqpProvisionUrl);
      const setup = await provision.createChannel();
      await setup.assertQueue(queueName, { durable: false });
      await setup.close();
      connection = await connect(env.amqpUrl);
    });
    afterAll(async () => {
      await connection?.close();
      const cleanup = await provision?.createChannel();
      await cleanup?.deleteQueue(queueName);
      await provision?.close();
    });

    it('rejects a message no queue takes, and still delivers the next one', async () => {
      // Prepare
      const queue = new AmqpMessageQueue(await connection.createConfirmChannel());

      // Act
      const missing = queue.send(`callbrief-no-such-queue-${randomUUID()}`, { n: 1 });
      await expect(missing).rejects.toBeInstanceOf(UnroutableMessageError);
      await queue.send(queueName, { n: 2 });

      // Assess: only the routable message is on its queue, persistent and confirmed
      const reader = await connection.createChannel();
      const message = await reader.get(queueName, { noAck: true });
      if (!message) throw new Error('the routable message did not arrive');
      expect(JSON.parse(message.content.toString())).toEqual({ n: 2 });
      expect(message.properties.deliveryMode).toBe(2);
      expect(await reader.get(queueName, { noAck: true })).toBe(false);
      await reader.close();
    });

    it('names the queues of the topology the broker lacks (serve refuses to start then)', async () => {
      // Act
      const missing = await missingQueues(connection, [
        queueName,
        'callbrief-no-such-queue',
        ...TOPOLOGY_QUEUES,
      ]);

      // Assess: provisioning declared every queue of the topology
      expect(missing).toEqual(['callbrief-no-such-queue']);
    });
  },
);
