import { join } from 'node:path';
import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { EventType } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { artifactKey } from '../../functions/shared/artifactKeys';
import { DATA_CLASS_TAG } from '../../functions/shared/dataClasses';
import type { StageName } from '../../functions/shared/documents';
import { ERASURE_ENV } from '../../functions/shared/erasureEnvironment';
import { STAGE_ENV } from '../../functions/shared/stageEnvironment';
import { type DeploymentConfig, REPO_ROOT } from '../config';
import { AlarmTopic } from '../constructs/AlarmTopic';
import { CaseIdMacKey } from '../constructs/CaseIdMacKey';
import { EncryptedBucket } from '../constructs/EncryptedBucket';
import { EraseWorker } from '../constructs/EraseWorker';
import { grantStageObjectAccess } from '../constructs/grantObjectAccess';
import { grantProviderAccess } from '../constructs/grantProviderAccess';
import { IsolatedNetwork } from '../constructs/IsolatedNetwork';
import { LogsKey } from '../constructs/LogsKey';
import { NotificationsHandlerRole } from '../constructs/NotificationsHandlerRole';
import { NotificationsHandlerSetup } from '../constructs/NotificationsHandlerSetup';
import { PipelineDashboard } from '../constructs/PipelineDashboard';
import { PipelineStage } from '../constructs/PipelineStage';
import { QueueWithDeadLetter } from '../constructs/QueueWithDeadLetter';
import { ReconcileSchedule } from '../constructs/ReconcileSchedule';
import { ReviewWorker } from '../constructs/ReviewWorker';
import { ScopedSqsDestination } from '../constructs/ScopedSqsDestination';
import { resultsRetentionByClass } from '../dataRetention';
import { providerBundleDefines } from '../providerBundling';
import { interfaceEndpointsFor } from '../strictNetwork';

export interface CallbriefStackProps extends StackProps {
  readonly config: DeploymentConfig;
}

/**
 * recordings bucket -> ingest -> transcribe -> translate -> summarize -> publish -> summary-ready
 * queue, each arrow an encrypted SQS queue with a dead-letter queue; beside it the erase and
 * review queues and functions, the scheduled reconciler, one alarm topic and one dashboard.
 * With `strictNetwork`, every function runs in a VPC without internet access.
 */
export class CallbriefStack extends Stack {
  readonly recordings: EncryptedBucket;
  readonly results: EncryptedBucket;
  readonly summaryReady: QueueWithDeadLetter;
  readonly stages: Readonly<Record<StageName, PipelineStage>>;
  readonly erase: EraseWorker;
  readonly review: ReviewWorker;
  readonly reconcile: ReconcileSchedule;
  readonly dashboard: PipelineDashboard;
  readonly alarms: readonly Alarm[];
  readonly alarmTopic: AlarmTopic;
  /** Only in strict network mode. */
  readonly network?: IsolatedNetwork;

  constructor(scope: Construct, id: string, props: CallbriefStackProps) {
    super(scope, id, props);
    const { config } = props;

    const notificationsHandlerRole = new NotificationsHandlerRole(this, 'NotificationsHandlerRole');
    this.recordings = new EncryptedBucket(this, 'Recordings', {
      purpose: 'recordings',
      retentionDays: config.retentionDays.recordings,
      notificationsHandlerRole,
    });
    // One lifecycle rule per class of artifact (object tag callbrief:class); objects without
    // the tag expire with the longest-lived class.
    const classDays = resultsRetentionByClass(config.retentionDays);
    this.results = new EncryptedBucket(this, 'Results', {
      purpose: 'results',
      retentionDays: Math.max(...Object.values(classDays)),
      retentionByTag: { key: DATA_CLASS_TAG, days: classDays },
    });
    // Separate from the bucket keys: one key for a bucket and the queue it notifies makes a
    // dependency cycle (key policy -> bucket -> key).
    const queueKey = new Key(this, 'QueuesKey', {
      description: 'callbrief SQS queues',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const logsKey = new LogsKey(this, 'LogsKey').key;
    const caseIdMacKey = new CaseIdMacKey(this, 'CaseIdMacKey');
    const { logRetention } = config;
    this.network = config.strictNetwork
      ? new IsolatedNetwork(this, 'Network', {
          interfaceEndpoints: interfaceEndpointsFor(config.pipeline),
          logsKey,
          logRetention,
          s3PrefixListId: config.s3PrefixListId,
        })
      : undefined;

    /**
     * Outbound queue that case systems consume. Each message body is a JSON
     * `SummaryReadyMessage` (functions/shared/documents.ts):
     * `{ schema_version, type: 'case-summary-ready', case_id, contact_id,
     *    summary: { bucket, key, version_id }, sha256, languages, ready_at }`.
     * Read the summary object at `summary` and check it against `sha256`.
     */
    this.summaryReady = new QueueWithDeadLetter(this, 'SummaryReady', {
      purpose: 'summary-ready (case systems)',
      encryptionKey: queueKey,
      maxReceiveCount: config.maxReceiveCount,
      visibilityTimeout: Duration.minutes(5),
      retentionPeriod: Duration.days(14),
    });

    const environment = {
      [STAGE_ENV.recordingsBucket]: this.recordings.bucket.bucketName,
      [STAGE_ENV.resultsBucket]: this.results.bucket.bucketName,
      [STAGE_ENV.recordingsPrefix]: config.recordingsPrefix,
      [STAGE_ENV.pipelineConfig]: JSON.stringify(config.pipeline),
      [ERASURE_ENV.caseIdMacKeyId]: caseIdMacKey.key.keyArn,
    };
    const stage = (name: StageName, nextQueue: IQueue) =>
      new PipelineStage(this, `${name[0]?.toUpperCase()}${name.slice(1)}Stage`, {
        stage: name,
        entry: join(REPO_ROOT, 'functions', 'handlers', `${name}.ts`),
        projectRoot: REPO_ROOT,
        settings: config.stages[name],
        queueKey,
        logsKey,
        logRetention,
        maxReceiveCount: config.maxReceiveCount,
        nextQueue,
        environment,
        define: providerBundleDefines(config.pipeline),
        network: this.network,
      });
    // Built from the end, so each stage knows the queue of the one after it.
    const publish = stage('publish', this.summaryReady.queue);
    const summarize = stage('summarize', publish.queue);
    const translate = stage('translate', summarize.queue);
    const transcribe = stage('transcribe', translate.queue);
    const ingest = stage('ingest', transcribe.queue);
    this.stages = { ingest, transcribe, translate, summarize, publish };

    this.recordings.bucket.addEventNotification(
      EventType.OBJECT_CREATED,
      new ScopedSqsDestination(ingest.queue),
      { prefix: config.recordingsPrefix },
    );
    new NotificationsHandlerSetup(this, 'NotificationsHandler', {
      bucket: this.recordings.bucket,
      role: notificationsHandlerRole,
      logsKey,
      logRetention,
      network: this.network,
    });

    // Least privilege: each stage exactly what its code uses (infra/constructs/grantObjectAccess.ts).
    for (const [name, each] of Object.entries(this.stages)) {
      grantStageObjectAccess(name as StageName, each.role, {
        recordings: this.recordings,
        results: this.results,
        recordingsPrefix: config.recordingsPrefix,
        caseIdMacKey,
        deleteRecordingAfterTranscription:
          config.pipeline.retention.deleteRecordingAfterTranscription,
      });
    }

    this.erase = new EraseWorker(this, 'Erase', {
      entry: join(REPO_ROOT, 'functions', 'handlers', 'erase.ts'),
      projectRoot: REPO_ROOT,
      recordings: this.recordings,
      results: this.results,
      recordingsPrefix: config.recordingsPrefix,
      queueKey,
      logsKey,
      logRetention,
      maxReceiveCount: config.maxReceiveCount,
      network: this.network,
      caseIdMacKey,
      // Anything of a case still being written when its marker appears is done by then.
      secondSweepDelaySeconds:
        Math.max(...Object.values(config.stages).map((settings) => settings.timeoutSeconds)) + 60,
    });

    this.review = new ReviewWorker(this, 'Review', {
      entry: join(REPO_ROOT, 'functions', 'handlers', 'review.ts'),
      projectRoot: REPO_ROOT,
      results: this.results,
      queueKey,
      logsKey,
      logRetention,
      maxReceiveCount: config.maxReceiveCount,
      network: this.network,
      caseIdMacKey,
    });

    this.reconcile = new ReconcileSchedule(this, 'Reconcile', {
      entry: join(REPO_ROOT, 'functions', 'handlers', 'reconcile.ts'),
      projectRoot: REPO_ROOT,
      settings: config.reconcile,
      recordings: this.recordings,
      results: this.results,
      recordingsPrefix: config.recordingsPrefix,
      ingestQueue: ingest.queue,
      ingestQueueKey: queueKey,
      logsKey,
      logRetention,
      network: this.network,
    });

    // Each stage may reach only the AI it is configured to use.
    const { speechToText, translation, summarization } = config.pipeline;
    grantProviderAccess(this, 'TranscribeSpeechToText', transcribe.fn, speechToText);
    grantProviderAccess(this, 'TranslateTranslation', translate.fn, translation);
    grantProviderAccess(this, 'SummarizeSummarization', summarize.fn, summarization);
    // Summarize translates the finished summary into the case worker's and caller's language.
    grantProviderAccess(this, 'SummarizeTranslation', summarize.fn, translation);

    this.alarms = [
      ...Object.values(this.stages).flatMap((each) => [
        each.input.deadLetterAlarm,
        each.oldestMessageAlarm,
      ]),
      this.summaryReady.deadLetterAlarm,
      this.erase.input.deadLetterAlarm,
      this.review.input.deadLetterAlarm,
      ...this.reconcile.alarms,
    ];
    this.alarmTopic = new AlarmTopic(this, 'Alarms');
    this.alarmTopic.notify(this.alarms);
    this.dashboard = new PipelineDashboard(this, 'Dashboard', { stages: this.stages });

    new CfnOutput(this, 'RecordingsBucketName', { value: this.recordings.bucket.bucketName });
    new CfnOutput(this, 'ResultsBucketName', { value: this.results.bucket.bucketName });
    new CfnOutput(this, 'RecordingsPrefix', { value: config.recordingsPrefix });
    new CfnOutput(this, 'SummaryReadyQueueUrl', { value: this.summaryReady.queue.queueUrl });
    new CfnOutput(this, 'EraseQueueUrl', { value: this.erase.input.queue.queueUrl });
    new CfnOutput(this, 'ReviewQueueUrl', { value: this.review.input.queue.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.dashboard.dashboard.dashboardName });
  }

  /**
   * Availability zones resolved at deploy time (Fn::GetAZs) instead of a context lookup, so
   * synth needs no credentials. Only strict network mode places anything in an AZ.
   */
  override get availabilityZones(): string[] {
    return [0, 1].map((index) => Fn.select(index, Fn.getAzs(this.region)));
  }

  /**
   * Lets a case system consume summary-ready messages and read the summaries they point to
   * (only `summary.json` objects, not transcripts or recordings).
   */
  grantConsumeSummaries(grantee: IGrantable): Grant[] {
    const summaries = artifactKey({ case_id: '*', contact_id: '*' }, 'summary');
    return [
      this.summaryReady.queue.grantConsumeMessages(grantee),
      this.results.bucket.grantRead(grantee, summaries),
    ];
  }

  /**
   * Lets a case system record a case worker's decision on an AI summary: send `review-summary`
   * messages to the review queue (see functions/core/review/reviewRequest.ts).
   */
  grantSendReviewDecisions(grantee: IGrantable): Grant {
    return this.review.grantSendDecisions(grantee);
  }

  /**
   * Lets a case system request the erasure of a case: send `erase-case` messages to the erase
   * queue (see functions/core/erasure/eraseRequest.ts). The receipt lands in the results
   * bucket under `erasure-receipts/`.
   */
  grantSendEraseRequests(grantee: IGrantable): Grant {
    return this.erase.grantSendRequests(grantee);
  }
}
