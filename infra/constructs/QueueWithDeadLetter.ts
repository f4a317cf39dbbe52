import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface QueueWithDeadLetterProps {
  /** Human name used in alarm descriptions, e.g. "transcribe". */
  readonly purpose: string;
  readonly encryptionKey: IKey;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly visibilityTimeout: Duration;
  /**
   * @default Duration.days(4)
   */
  readonly retentionPeriod?: Duration;
}

/**
 * A KMS-encrypted, TLS-only queue with a dead-letter queue and an alarm that fires as soon as
 * one message is dead-lettered: every dead letter is a contact that got no summary.
 */
export class QueueWithDeadLetter extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: QueueWithDeadLetterProps) {
    super(scope, id);
    const encryption = {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
    };
    // Standard queues keep a dead letter's original enqueue time, so 14 days (the maximum)
    // leaves the most time to inspect and redrive.
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      ...encryption,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      ...encryption,
      visibilityTimeout: props.visibilityTimeout,
      retentionPeriod: props.retentionPeriod ?? Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });
    this.deadLetterAlarm = alarmOnDeadLetter(
      this,
      this.deadLetterQueue,
      `callbrief ${props.purpose}: messages in the dead-letter queue. Inspect the error records, fix, then redrive.`,
    );
  }
}

/** An alarm (construct id `DeadLetterAlarm`) that fires on the first message in `deadLetterQueue`. */
export function alarmOnDeadLetter(
  scope: Construct,
  deadLetterQueue: Queue,
  alarmDescription: string,
): Alarm {
  return new Alarm(scope, 'DeadLetterAlarm', {
    alarmDescription,
    metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(1),
      statistic: 'Maximum',
    }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}
