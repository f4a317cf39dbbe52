/**
 * The on-premises queues: one RabbitMQ quorum queue per stage (and for summary-ready, erase and
 * review), each with a dead-letter queue reached through one dead-letter exchange. A quorum
 * queue counts deliveries (x-delivery-count) and dead-letters a message after `deliveryLimit`
 * failed deliveries: the same receive-count semantics as SQS's maxReceiveCount.
 */
export const QUEUES = [
  'ingest',
  'transcribe',
  'translate',
  'summarize',
  'publish',
  'summary-ready',
  'erase',
  'review',
] as const;
export type QueueName = (typeof QUEUES)[number];

export const queueOf = (name: QueueName) => `callbrief-${name}`;
export const deadLetterQueueOf = (name: QueueName) => `callbrief-${name}-dlq`;

/** Where RGW publishes bucket notifications (bound to the ingest queue). */
export const S3_EVENTS_EXCHANGE = 'callbrief.s3-events';
export const DEAD_LETTER_EXCHANGE = 'callbrief.dead-letter';

/** SQS's maxReceiveCount in the stack. */
export const DEFAULT_DELIVERY_LIMIT = 5;

export function queueArguments(name: QueueName, deliveryLimit = DEFAULT_DELIVERY_LIMIT) {
  return {
    'x-queue-type': 'quorum',
    'x-delivery-limit': deliveryLimit,
    'x-dead-letter-exchange': DEAD_LETTER_EXCHANGE,
    'x-dead-letter-routing-key': deadLetterQueueOf(name),
    // At-least-once dead-lettering: a dead letter is never dropped between the two queues.
    'x-dead-letter-strategy': 'at-least-once',
    'x-overflow': 'reject-publish',
  };
}
