import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { RedriveQueuePort } from './redrive';

/** RedriveQueuePort over SQS (or the local SQS stand-in). */
export function sqsRedrivePort(sqs: SQSClient): RedriveQueuePort {
  return {
    async receive(queueUrl, maxMessages) {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.max(1, Math.min(10, maxMessages)),
          WaitTimeSeconds: 0,
        }),
      );
      return (out.Messages ?? []).flatMap((m) =>
        m.ReceiptHandle ? [{ body: m.Body ?? '', receiptHandle: m.ReceiptHandle }] : [],
      );
    },
    async send(queueUrl, body) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    },
    async delete(queueUrl, receiptHandle) {
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle }),
      );
    },
  };
}
