import { chmod, mkdir } from 'node:fs/promises';
import { startFauxqs } from 'fauxqs';

export interface QueuePair {
  name: string;
  url: string;
  arn: string;
  dlqUrl: string;
}

export interface DeadLetter {
  messageId: string;
  body: string;
}

export interface SqsStandIn {
  endpoint: string;
  createQueueWithDlq(
    name: string,
    options: { visibilityTimeoutSeconds: number; maxReceiveCount: number },
  ): QueuePair;
  /** The messages waiting on a queue, read without receiving them (nothing changes). */
  peek(name: string): DeadLetter[];
  stop(): Promise<void>;
}

/**
 * An SQS-compatible server in this process (fauxqs), speaking the SDK's JSON protocol.
 * With `dataDir` every queue and message is kept in SQLite there (written through at once), so
 * dead letters survive the process and a later `npm run redrive` finds them.
 */
export async function startSqsStandIn(region: string, dataDir?: string): Promise<SqsStandIn> {
  if (dataDir) {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await chmod(dataDir, 0o700);
  }
  const server = await startFauxqs({
    port: 0,
    host: '127.0.0.1',
    logger: false,
    defaultRegion: region,
    ...(dataDir ? { dataDir } : {}),
  });
  // createQueue on a restored queue would empty it: an existing queue is reused as it is.
  const ensure = (name: string, attributes: Record<string, string>) => {
    const existing = server.inspectQueue(name);
    if (existing) return { queueUrl: existing.url, queueArn: existing.arn };
    return server.createQueue(name, { region, attributes });
  };
  return {
    endpoint: server.address,
    createQueueWithDlq(name, { visibilityTimeoutSeconds, maxReceiveCount }) {
      const dlq = ensure(`${name}-dlq`, { MessageRetentionPeriod: '1209600' });
      const queue = ensure(name, {
        VisibilityTimeout: String(visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount }),
      });
      return { name, url: queue.queueUrl, arn: queue.queueArn, dlqUrl: dlq.queueUrl };
    },
    peek(name) {
      const messages = server.inspectQueue(name)?.messages;
      if (!messages) return [];
      return [
        ...messages.ready,
        ...messages.delayed,
        ...messages.inflight.map((m) => m.message),
      ].map((m) => ({ messageId: m.messageId, body: m.body }));
    },
    stop: () => server.stop(),
  };
}
