import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { DeploymentConfig } from '../config';
import { CallbriefPipeline, type CallbriefPipelineProps } from '../constructs/CallbriefPipeline';

export interface CallbriefStackProps extends StackProps {
  /**
   * Settings read from CDK context (infra/config.ts), as `cdk deploy` of this repository uses.
   * @default - none: give `pipeline` instead
   */
  readonly config?: DeploymentConfig;
  /**
   * The pipeline's props, for an app that builds the stack itself; used when `config` is absent.
   * @default - every CallbriefPipeline default
   */
  readonly pipeline?: CallbriefPipelineProps;
}

/**
 * The deployable stack: one CallbriefPipeline and the outputs platform teams and case systems
 * need. The pipeline's construct id is `Default`, which CDK leaves out of logical ids, so the
 * resources keep the ids they had when they were created directly in this stack.
 */
export class CallbriefStack extends Stack {
  readonly pipeline: CallbriefPipeline;

  constructor(scope: Construct, id: string, props: CallbriefStackProps = {}) {
    super(scope, id, props);
    this.pipeline = new CallbriefPipeline(
      this,
      'Default',
      props.config ? pipelinePropsOf(props.config) : props.pipeline,
    );
    const { pipeline } = this;
    new CfnOutput(this, 'RecordingsBucketName', { value: pipeline.recordings.bucket.bucketName });
    new CfnOutput(this, 'ResultsBucketName', { value: pipeline.results.bucket.bucketName });
    new CfnOutput(this, 'RecordingsPrefix', { value: pipeline.recordingsPrefix });
    new CfnOutput(this, 'SummaryReadyQueueUrl', { value: pipeline.summaryReady.queue.queueUrl });
    new CfnOutput(this, 'EraseQueueUrl', { value: pipeline.erase.input.queue.queueUrl });
    new CfnOutput(this, 'ReviewQueueUrl', { value: pipeline.review.input.queue.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: pipeline.alarmTopic.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: pipeline.dashboard.dashboard.dashboardName });
  }

  /**
   * Availability zones resolved at deploy time (Fn::GetAZs) instead of a context lookup, so
   * synth needs no credentials. Only strict network mode places anything in an AZ.
   */
  override get availabilityZones(): string[] {
    return [0, 1].map((index) => Fn.select(index, Fn.getAzs(this.region)));
  }

  // The pipeline's parts, as the stack offered them before it held a CallbriefPipeline.
  get recordings() {
    return this.pipeline.recordings;
  }
  get results() {
    return this.pipeline.results;
  }
  get summaryReady() {
    return this.pipeline.summaryReady;
  }
  get stages() {
    return this.pipeline.stages;
  }
  get erase() {
    return this.pipeline.erase;
  }
  get review() {
    return this.pipeline.review;
  }
  get reconcile() {
    return this.pipeline.reconcile;
  }
  get dashboard() {
    return this.pipeline.dashboard;
  }
  get alarms() {
    return this.pipeline.alarms;
  }
  get alarmTopic() {
    return this.pipeline.alarmTopic;
  }
  get network() {
    return this.pipeline.network;
  }

  /** See CallbriefPipeline.grantUpload. */
  grantUpload(grantee: IGrantable): Grant[] {
    return this.pipeline.grantUpload(grantee);
  }

  /** See CallbriefPipeline.grantConsumeSummaries. */
  grantConsumeSummaries(grantee: IGrantable): Grant[] {
    return this.pipeline.grantConsumeSummaries(grantee);
  }

  /** See CallbriefPipeline.grantSendReviewDecisions. */
  grantSendReviewDecisions(grantee: IGrantable): Grant {
    return this.pipeline.grantSendReviewDecisions(grantee);
  }

  /** See CallbriefPipeline.grantSendEraseRequests. */
  grantSendEraseRequests(grantee: IGrantable): Grant {
    return this.pipeline.grantSendEraseRequests(grantee);
  }
}

/** The context settings as construct props; the loader already checked the providers. */
export function pipelinePropsOf(config: DeploymentConfig): CallbriefPipelineProps {
  return {
    pipelineConfig: config.pipeline,
    allowHostBinaryProviders: true,
    recordingsPrefix: config.recordingsPrefix,
    retentionDays: config.retentionDays,
    logRetention: config.logRetention,
    maxReceiveCount: config.maxReceiveCount,
    stages: config.stages,
    reconcile: config.reconcile,
    strictNetwork: config.strictNetwork,
    ...(config.s3PrefixListId ? { s3PrefixListId: config.s3PrefixListId } : {}),
    tracing: config.tracing,
    ...(config.workspace ? { workspace: config.workspace } : {}),
    ...(config.liveBridge ? { liveBridge: config.liveBridge } : {}),
  };
}
