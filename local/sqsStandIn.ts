import { startFauxqs } from 'fauxqs';

export interface QueuePair {
  name: string;
  url: string;
  arn: string;
  dlqUrl: string;
}

export interface SqsStandIn {
  endpoint: string;
  createQueueWithDlq(
    name: string,
    options: { visibilityTimeoutSeconds: number; maxReceiveCount: number },
  ): QueuePair;
  stop(): Promise<void>;
}

/** An SQS-compatible server in this process (fauxqs), speaking the SDK's JSON protocol. */
export async function startSqsStandIn(region: string): Promise<SqsStandIn> {
  const server = await startFauxqs({
    port: 0,
    host: '127.0.0.1',
    logger: false,
    defaultRegion: region,
  });
  return {
    endpoint: server.address,
    createQueueWithDlq(name, { visibilityTimeoutSeconds, maxReceiveCount }) {
      const dlq = server.createQueue(`${name}-dlq`, {
        region,
        attributes: { MessageRetentionPeriod: '1209600' },
      });
      const queue = server.createQueue(name, {
        region,
        attributes: {
          VisibilityTimeout: String(visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount }),
        },
      });
      return { name, url: queue.queueUrl, arn: queue.queueArn, dlqUrl: dlq.queueUrl };
    },
    stop: () => server.stop(),
  };
}
