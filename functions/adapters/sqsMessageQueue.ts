import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { MessageQueue } from '../shared/ports';

export class SqsMessageQueue implements MessageQueue {
  constructor(private readonly sqs: SQSClient) {}

  async send(queueUrl: string, body: unknown, options?: { delaySeconds?: number }): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(body),
        ...(options?.delaySeconds ? { DelaySeconds: options.delaySeconds } : {}),
      }),
    );
  }
}
