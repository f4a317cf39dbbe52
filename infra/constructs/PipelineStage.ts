import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageName } from '../../functions/shared/documents';
import { STAGE_ENV } from '../../functions/shared/stageEnvironment';
import type { StageSettings } from '../config';
import { QueueWithDeadLetter } from './QueueWithDeadLetter';

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
}

/**
 * One box of the pipeline diagram: input queue (+ dead letters) -> function -> next queue,
 * with its log group and an alarm when work waits too long.
 */
export class PipelineStage extends Construct {
  readonly input: QueueWithDeadLetter;
  readonly fn: NodejsFunction;
  readonly oldestMessageAlarm: Alarm;

  constructor(scope: Construct, id: string, props: PipelineStageProps) {
    super(scope, id);
    const { stage, settings } = props;
    const timeout = Duration.seconds(settings.timeoutSeconds);

    // 6x the function timeout, as Lambda recommends, so a retried batch is not redelivered
    // while a slow invocation still works on it.
    this.input = new QueueWithDeadLetter(this, 'Input', {
      purpose: stage,
      encryptionKey: props.queueKey,
      maxReceiveCount: props.maxReceiveCount,
      visibilityTimeout: Duration.seconds(settings.timeoutSeconds * 6),
    });

    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      encryptionKey: props.logsKey,
    });

    // Own role instead of AWSLambdaBasicExecutionRole: that managed policy may write to every
    // log group, and CDK renders its ARN with Ref AWS::Partition instead of the literal.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    logGroup.grantWrite(role);

    this.fn = new NodejsFunction(this, 'Function', {
      description: `callbrief ${stage} stage`,
      entry: props.entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: settings.memoryMb,
      timeout,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        ...props.environment,
        [STAGE_ENV.nextQueueUrl]: props.nextQueue.queueUrl,
        // A hand-off marker older than one invocation (+1 min for clock skew) is from a dead one.
        [STAGE_ENV.handoffStaleSeconds]: String(settings.timeoutSeconds + 60),
        POWERTOOLS_SERVICE_NAME: `callbrief-${stage}`,
        LOG_LEVEL: 'INFO',
      },
      bundling: {
        minify: true,
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        sourceMap: false,
        // ESM output still meets CommonJS dependencies that call require().
        banner:
          "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
        // Bundle the AWS SDK too: we pin its version instead of taking the runtime's.
        externalModules: [],
      },
    });

    this.fn.addEventSource(
      new SqsEventSource(this.input.queue, {
        batchSize: settings.batchSize,
        maxConcurrency: settings.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    props.nextQueue.grantSendMessages(this.fn);

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
