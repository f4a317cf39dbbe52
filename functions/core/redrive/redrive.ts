/** The few queue operations moving dead letters needs; SQS and test fakes implement it. */
export interface RedriveQueuePort {
  receive(
    queueUrl: string,
    maxMessages: number,
  ): Promise<{ body: string; receiptHandle: string }[]>;
  send(queueUrl: string, body: string): Promise<void>;
  delete(queueUrl: string, receiptHandle: string): Promise<void>;
}

export interface RedriveOptions {
  /** The dead-letter queue. */
  from: string;
  /** Its source queue. */
  to: string;
  /** At most this many messages are moved. */
  max: number;
}

/**
 * Moves messages from a dead-letter queue back to its source queue: receive, send the same body,
 * then delete. A crash between sending and deleting leaves a copy in the DLQ that a later redrive
 * sends again; the stages' outputs and hand-off markers absorb that duplicate.
 * Returns how many messages were moved.
 */
export async function redrive(port: RedriveQueuePort, options: RedriveOptions): Promise<number> {
  let moved = 0;
  while (moved < options.max) {
    const messages = await port.receive(options.from, Math.min(10, options.max - moved));
    if (messages.length === 0) break;
    for (const message of messages) {
      await port.send(options.to, message.body);
      await port.delete(options.from, message.receiptHandle);
      moved += 1;
    }
  }
  return moved;
}
