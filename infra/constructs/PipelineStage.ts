import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageName } from '../../functions/shared/documents';
import { STAGE_ENV } from '../../functions/shared/stageEnvironment';
import type { StageSettings } from '../config';
import type { IsolatedNetwork } from './IsolatedNetwork';
import { QueueWithDeadLetter } from './QueueWithDeadLetter';
import { addQueueWorker } from './queueWorker';

export interface PipelineStageProps {
  readonly stage: StageName;
  /** Absolute path of the handler file; it exports `handler`. */
  readonly entry: string;
  /** Folder holding package-lock.json; esbuild resolves modules from here. */
  readonly projectRoot: string;
  readonly settings: StageSettings;
  readonly queueKey: IKey;
  readonly logsKey: IKey;
  readonly logRetention: RetentionDays;
  readonly maxReceiveCount: number;
  /** Where this stage hands its output on; the function may send there and nowhere else. */
  readonly nextQueue: IQueue;
  /** Variables every stage shares (buckets, prefix, pipeline config). */
  readonly environment: Record<string, string>;
  /** Build-time constants: the configured providers (infra/providerBundling.ts). */
  readonly define: Record<string, string>;
  /**
   * Strict network mode: run in its isolated subnets.
   * @default - no VPC
   */
  readonly network?: IsolatedNetwork;
}

/**
 * One box of the pipeline diagram: input queue (+ dead letters) -> function -> next queue,
 * with its log group and an alarm when work waits too long.
 */
export class PipelineStage extends Construct {
  readonly input: QueueWithDeadLetter;
  readonly fn: NodejsFunction;
  /** The function's own role; the stack grants bucket access to it. */
  readonly role: Role;
  readonly oldestMessageAlarm: Alarm;

  constructor(scope: Construct, id: string, props: PipelineStageProps) {
    super(scope, id);
    const { stage, settings } = props;

    // 6x the function timeout, as Lambda recommends, so a retried batch is not redelivered
    // while a slow invocation still works on it.
    this.input = new QueueWithDeadLetter(this, 'Input', {
      purpose: stage,
      encryptionKey: props.queueKey,
      maxReceiveCount: props.maxReceiveCount,
      visibilityTimeout: Duration.seconds(settings.timeoutSeconds * 6),
    });

    const worker = addQueueWorker(this, {
      description: `callbrief ${stage} stage`,
      entry: props.entry,
      projectRoot: props.projectRoot,
      memoryMb: settings.memoryMb,
      ephemeralStorageMb: settings.ephemeralStorageMb,
      timeoutSeconds: settings.timeoutSeconds,
      queue: this.input.queue,
      batchSize: settings.batchSize,
      maxConcurrency: settings.maxConcurrency,
      logsKey: props.logsKey,
      logRetention: props.logRetention,
      network: props.network,
      define: props.define,
      environment: {
        ...props.environment,
        [STAGE_ENV.nextQueueUrl]: props.nextQueue.queueUrl,
        // A hand-off marker older than one invocation (+1 min for clock skew) is from a dead one.
        [STAGE_ENV.handoffStaleSeconds]: String(settings.timeoutSeconds + 60),
        POWERTOOLS_SERVICE_NAME: `callbrief-${stage}`,
      },
    });
    this.fn = worker.fn;
    this.role = worker.role;
    // Explicit instead of grantSendMessages, which also allows kms:ReEncrypt* and kms:Encrypt.
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [props.nextQueue.queueArn] }),
    );
    props.nextQueue.encryptionMasterKey?.grant(this.role, 'kms:GenerateDataKey', 'kms:Decrypt');

    this.oldestMessageAlarm = new Alarm(this, 'OldestMessageAlarm', {
      alarmDescription: `callbrief ${stage}: the oldest waiting message is older than ${settings.alarmOldestMessageSeconds} s. The stage is failing or too slow for the load.`,
      metric: this.input.queue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: settings.alarmOldestMessageSeconds,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  get queue(): IQueue {
    return this.input.queue;
  }
}
