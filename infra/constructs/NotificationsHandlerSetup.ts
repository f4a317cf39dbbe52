import { CfnResource, Stack } from 'aws-cdk-lib';
import type { Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge, PACKS } from '../sovereignty/acknowledge';
import type { IsolatedNetwork } from './IsolatedNetwork';

/** Construct id of aws-cdk-lib's stack-wide S3 notifications handler (a singleton). */
export const NOTIFICATIONS_HANDLER_ID =
  'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';

export interface NotificationsHandlerSetupProps {
  /** A bucket whose notifications the handler configures; create this after its first one. */
  readonly bucket: Bucket;
  /** The handler's role, passed to the bucket as `notificationsHandlerRole`. */
  readonly role: Role;
  readonly logsKey: IKey;
  readonly logRetention: RetentionDays;
  /**
   * Strict network mode: run the handler in the isolated subnets too.
   * @default - no VPC
   */
  readonly network?: IsolatedNetwork;
}

/**
 * Brings aws-cdk-lib's S3 notifications handler (inline Python, run at deploy time) in line with
 * our own functions: a log group with bounded retention encrypted with the logs key (Lambda's
 * implicit `/aws/lambda/<name>` group would keep logs forever), and in strict mode the VPC.
 */
export class NotificationsHandlerSetup extends Construct {
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: NotificationsHandlerSetupProps) {
    super(scope, id);
    const handler = Stack.of(this).node.tryFindChild(NOTIFICATIONS_HANDLER_ID)?.node.defaultChild;
    if (!CfnResource.isCfnResource(handler)) {
      throw new Error(
        `${this.node.path}: no S3 notifications handler in the stack; create NotificationsHandlerSetup after bucket.addEventNotification().`,
      );
    }
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      encryptionKey: props.logsKey,
    });
    // Its role has AWSLambdaBasicExecutionRole (added by CDK), which covers this group.
    handler.addPropertyOverride('LoggingConfig', { LogGroup: this.logGroup.logGroupName });

    const notifications = props.bucket.node.tryFindChild('Notifications');
    if (notifications) {
      acknowledge(
        notifications,
        PACKS.nist,
        ['IAMNoInlinePolicy'],
        "CDK's S3 notifications handler gets s3:PutBucketNotification on this one bucket " +
          'through this inline policy; it runs only while CloudFormation deploys the stack.',
      );
    }
    if (props.network) {
      props.network.grantNetworkInterfaces(props.role);
      props.network.placeCfnFunction(handler);
      // Lambda checks the network-interface permissions when it creates the function.
      handler.node.addDependency(props.role);
      acknowledge(
        props.role,
        PACKS.nist,
        ['IAMNoInlinePolicy'],
        "The inline default policy only holds the network-interface actions Lambda needs to run CDK's S3 notifications handler in the isolated subnets.",
      );
    }
  }
}
