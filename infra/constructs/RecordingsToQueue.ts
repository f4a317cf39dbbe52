import { Duration, Stack } from 'aws-cdk-lib';
import {
  type IRule,
  type IRuleTarget,
  Match,
  Rule,
  type RuleTargetConfig,
} from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Bucket, CfnBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface RecordingsToQueueProps {
  /** The recordings bucket; its EventBridge notifications are switched on. */
  readonly bucket: Bucket;
  /** Only objects under this prefix reach the queue. */
  readonly prefix: string;
  /** The ingest queue, encrypted with a customer-managed key. */
  readonly queue: IQueue;
  /** Where EventBridge puts events it could not deliver: the ingest queue's dead-letter queue. */
  readonly deadLetterQueue: IQueue;
}

/**
 * New recordings reach the ingest queue without a custom resource: the bucket sends its events
 * to EventBridge (a plain bucket property), and a rule on the default bus matches "Object
 * Created" under the prefix and targets the queue.
 *
 * Why EventBridge and not the bucket's own queue notification: a native
 * `NotificationConfiguration.QueueConfigurations` makes the bucket depend on the queue, whose
 * key policy must name the bucket for S3 (key -> bucket -> queue -> key); breaking that cycle
 * needs a fixed bucket name or an unscoped key statement. Here the bucket references nothing,
 * the rule names its source bucket, the queues trust only this rule (`aws:SourceArn`) and the
 * key only EventBridge of this account: no cycle, nothing created in a fragile order. (The key
 * statement cannot name the rule: rule -> queue -> key -> rule would be a cycle again.)
 * CDK's `eventBridgeEnabled` bucket prop would bring back its notifications custom resource (an
 * inline Python function), hence the property is set on the CloudFormation bucket directly.
 */
export class RecordingsToQueue extends Construct {
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: RecordingsToQueueProps) {
    super(scope, id);
    const cfnBucket = props.bucket.node.defaultChild as CfnBucket;
    cfnBucket.notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };

    this.rule = new Rule(this, 'Rule', {
      description: `callbrief: new objects under ${props.prefix} of the recordings bucket to ingest`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [props.bucket.bucketName] },
          object: { key: Match.prefix(props.prefix) },
        },
      },
    });
    this.rule.addTarget(new ScopedQueueTarget(props.queue, props.deadLetterQueue));
  }
}

/**
 * Like aws-events-targets' `SqsQueue`, but the queue and dead-letter queue accept messages only
 * from this rule, and the key grants EventBridge only what SQS encryption needs.
 */
class ScopedQueueTarget implements IRuleTarget {
  constructor(
    private readonly queue: IQueue,
    private readonly deadLetterQueue: IQueue,
  ) {}

  bind(rule: IRule): RuleTargetConfig {
    const events = new ServicePrincipal('events.amazonaws.com');
    for (const queue of [this.queue, this.deadLetterQueue]) {
      queue.addToResourcePolicy(
        new PolicyStatement({
          principals: [events],
          actions: ['sqs:SendMessage'],
          resources: [queue.queueArn],
          conditions: { ArnEquals: { 'aws:SourceArn': rule.ruleArn } },
        }),
      );
    }
    const stack = Stack.of(rule);
    for (const key of new Set([
      this.queue.encryptionMasterKey,
      this.deadLetterQueue.encryptionMasterKey,
    ])) {
      if (!key) throw new Error('RecordingsToQueue expects KMS-encrypted queues');
      // SQS calls KMS on EventBridge's behalf; the account is the condition CDK's own SqsQueue
      // target uses for encrypted queues.
      const { statementAdded } = key.addToResourcePolicy(
        new PolicyStatement({
          principals: [events],
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
        }),
      );
      if (!statementAdded) throw new Error('RecordingsToQueue needs keys it can add policy to');
    }
    return {
      arn: this.queue.queueArn,
      targetResource: this.queue,
      deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
      // EventBridge's own defaults, stated: a day of retries before the dead-letter queue.
      retryPolicy: {
        maximumEventAgeInSeconds: Duration.hours(24).toSeconds(),
        maximumRetryAttempts: 185,
      },
    };
  }
}
