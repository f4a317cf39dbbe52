import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { artifactKey } from '../../functions/shared/artifactKeys';
import { RECONCILE_ENV } from '../../functions/shared/reconcileEnvironment';
import { STAGE_ENV } from '../../functions/shared/stageEnvironment';
import type { ReconcileSettings } from '../config';
import { acknowledge, nagArnOf, PACKS } from '../sovereignty/acknowledge';
import { addCallbriefFunction } from './callbriefFunction';
import type { EncryptedBucket } from './EncryptedBucket';
import type { IsolatedNetwork } from './IsolatedNetwork';
import { alarmOnDeadLetter } from './QueueWithDeadLetter';

export interface ReconcileScheduleProps {
  /** Absolute path of functions/handlers/reconcile.ts. */
  readonly entry: string;
  /** Folder holding package-lock.json; esbuild resolves modules from here. */
  readonly projectRoot: string;
  readonly settings: ReconcileSettings;
  readonly recordings: EncryptedBucket;
  readonly results: EncryptedBucket;
  /** Recordings lie under it; nothing else of the recordings bucket is listed. */
  readonly recordingsPrefix: string;
  /** Where lost recordings are notified again, as S3 would have; encrypted with `ingestQueueKey`. */
  readonly ingestQueue: IQueue;
  readonly ingestQueueKey: IKey;
  readonly logsKey: IKey;
  readonly logRetention: RetentionDays;
  /**
   * Strict network mode: run in its isolated subnets.
   * @default - no VPC
   */
  readonly network?: IsolatedNetwork;
}

/** Listing both buckets and reading the error records; at most half the shortest interval. */
const TIMEOUT_SECONDS = 300;

/** Where the core (functions/core/reconcile/reconcile.ts) lists and what it reads. */
const RESULTS_LISTED = ['cases/*', 'errors/*'];
const RESULTS_READ = ['errors/*', artifactKey({ case_id: '*', contact_id: '*' }, 'recording')];

/**
 * The reconciler on a schedule (EventBridge Scheduler -> Lambda): every `everyMinutes`, recordings
 * with neither a summary nor an error record after `olderThanMinutes` are notified to ingest
 * again, at most `maxReenqueue` per run. The schedule and its dead-letter queue (invocations
 * Scheduler could not deliver) are encrypted with a key of their own; the function may list the
 * recordings prefix and the results it checks, read error records and recording.json, and send
 * to the ingest queue, nothing else.
 */
export class ReconcileSchedule extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly schedule: Schedule;
  readonly key: Key;
  readonly deadLetterQueue: Queue;
  /** Function errors, and invocations Scheduler gave up on. */
  readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: ReconcileScheduleProps) {
    super(scope, id);
    const { settings, recordings, results } = props;
    const stack = Stack.of(this);

    this.key = new Key(this, 'Key', {
      description: 'callbrief reconcile schedule and its dead-letter queue',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    const reconciler = addCallbriefFunction(this, {
      description: 'callbrief reconcile: notifies ingest again of recordings that got stuck',
      entry: props.entry,
      projectRoot: props.projectRoot,
      memoryMb: 512,
      timeoutSeconds: TIMEOUT_SECONDS,
      // A failed run is not retried by Lambda: the next scheduled run repeats it anyway.
      retryAttempts: 0,
      logsKey: props.logsKey,
      logRetention: props.logRetention,
      environment: {
        [STAGE_ENV.recordingsBucket]: recordings.bucket.bucketName,
        [STAGE_ENV.resultsBucket]: results.bucket.bucketName,
        [STAGE_ENV.recordingsPrefix]: props.recordingsPrefix,
        [RECONCILE_ENV.ingestQueueUrl]: props.ingestQueue.queueUrl,
        [RECONCILE_ENV.olderThanMinutes]: String(settings.olderThanMinutes),
        [RECONCILE_ENV.maxReenqueue]: String(settings.maxReenqueue),
        POWERTOOLS_SERVICE_NAME: 'callbrief-reconcile',
      },
      network: props.network,
    });
    this.fn = reconciler.fn;
    this.role = reconciler.role;
    this.grantReconcileAccess(props);

    // Scheduler's own role: invoke this function, and dead-letter what it cannot deliver.
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    });
    this.key.grant(schedulerRole, 'kms:GenerateDataKey', 'kms:Decrypt');
    const interval = Duration.minutes(settings.everyMinutes);
    this.schedule = new Schedule(this, 'Schedule', {
      description: `callbrief: re-enqueue recordings stuck for ${settings.olderThanMinutes} min`,
      schedule: ScheduleExpression.rate(interval),
      key: this.key,
      target: new LambdaInvoke(this.fn, {
        role: schedulerRole,
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 3,
        // An invocation older than one interval is superseded by the next run.
        maxEventAge: interval,
      }),
    });

    this.alarms = [
      new Alarm(this, 'ErrorsAlarm', {
        alarmDescription:
          'callbrief reconcile: a run failed, so stuck recordings may not reach ingest. Read the function log.',
        metric: this.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      alarmOnDeadLetter(
        this,
        this.deadLetterQueue,
        'callbrief reconcile: Scheduler could not invoke the function; see its dead-letter queue.',
      ),
    ];
    this.acknowledgeFindings(props, schedulerRole);
  }

  /** Exactly what reconcile() does: two listings, two kinds of reads, one queue to send to. */
  private grantReconcileAccess(props: ReconcileScheduleProps): void {
    const { recordings, results } = props;
    const allow = (statement: PolicyStatement) => this.role.addToPrincipalPolicy(statement);
    allow(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [recordings.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${props.recordingsPrefix}*`] } },
      }),
    );
    allow(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [results.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': RESULTS_LISTED } },
      }),
    );
    allow(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: RESULTS_READ.map((key) => results.bucket.arnForObjects(key)),
      }),
    );
    results.key.grant(this.role, 'kms:Decrypt');
    // Explicit instead of grantSendMessages, which also allows kms:ReEncrypt* and kms:Encrypt.
    allow(
      new PolicyStatement({
        actions: ['sqs:SendMessage'],
        resources: [props.ingestQueue.queueArn],
      }),
    );
    props.ingestQueueKey.grant(this.role, 'kms:GenerateDataKey', 'kms:Decrypt');
  }

  private acknowledgeFindings(props: ReconcileScheduleProps, schedulerRole: Role): void {
    acknowledge(
      this.deadLetterQueue,
      PACKS.awsSolutions,
      ['SQS3'],
      "It is the dead-letter queue of the schedule's target (Scheduler's DeadLetterConfig), not " +
        'of another queue, which is all the rule looks for; it alarms on its first message.',
    );
    acknowledge(
      this.role,
      PACKS.awsSolutions,
      RESULTS_READ.map((key) => `IAM5[Resource::${nagArnOf(props.results.bucket)}/${key}]`),
      'Object keys contain the case and contact ids, unknown at deploy time: the reconciler ' +
        'may read only error records and recording.json, which tell it which recordings ended.',
    );
    acknowledge(
      schedulerRole,
      PACKS.awsSolutions,
      [`IAM5[Resource::${nagArnOf(this.fn)}:*]`],
      "CDK's Lambda invoke grant also covers the function's versions and aliases (<arn>:*); " +
        'the schedule invokes only this one function.',
    );
    acknowledge(
      schedulerRole,
      PACKS.nist,
      ['IAMNoInlinePolicy'],
      "The role's only policy is the inline default policy that CDK grant methods write, " +
        'one statement per grant on named resources of this stack. The role belongs to the ' +
        'reconcile schedule alone, so a managed policy would be shared by nothing.',
    );
    acknowledge(
      this.fn,
      PACKS.nist,
      ['LambdaConcurrency'],
      `Invoked only by its schedule, every ${props.settings.everyMinutes} min with a timeout ` +
        `of ${TIMEOUT_SECONDS / 60} min, so runs do not overlap; reserved concurrency would ` +
        'only take capacity from the account.',
    );
    acknowledge(
      this.fn,
      PACKS.nist,
      ['LambdaDLQ'],
      'A failed run loses nothing: the next scheduled run examines every recording again. ' +
        'Failures raise the errors alarm; invocations Scheduler cannot deliver go to the ' +
        "schedule's own dead-letter queue, which alarms too.",
    );
  }
}
