import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge, PACKS } from '../sovereignty/acknowledge';
import {
  addCallbriefFunction,
  type CallbriefFunction,
  type CallbriefFunctionProps,
} from './callbriefFunction';

export interface QueueWorkerProps extends CallbriefFunctionProps {
  /** The queue that feeds the function; it must have a dead-letter queue. */
  readonly queue: IQueue;
  readonly batchSize: number;
  /** Parallel invocations the event source allows (2..1000). */
  readonly maxConcurrency: number;
}

export type QueueWorker = CallbriefFunction;

/** A callbrief function fed by an SQS queue, with partial batch failures. */
export function addQueueWorker(scope: Construct, props: QueueWorkerProps): QueueWorker {
  const worker = addCallbriefFunction(scope, props);
  worker.fn.addEventSource(
    new SqsEventSource(props.queue, {
      batchSize: props.batchSize,
      maxConcurrency: props.maxConcurrency,
      reportBatchItemFailures: true,
    }),
  );
  acknowledge(
    worker.fn,
    PACKS.nist,
    ['LambdaConcurrency'],
    `Concurrency is bounded by the SQS event source's maximum concurrency ` +
      `(${props.maxConcurrency}); reserved concurrency would only take capacity from the ` +
      'account without bounding anything further.',
  );
  acknowledge(
    worker.fn,
    PACKS.nist,
    ['LambdaDLQ'],
    'Invoked by an SQS event source mapping, never asynchronously, so a Lambda DLQ would never ' +
      "receive anything: failed messages go to the input queue's own dead-letter queue, which " +
      'alarms on its first message.',
  );
  return worker;
}
