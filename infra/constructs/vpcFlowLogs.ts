import { FlowLogDestination, type FlowLogOptions, FlowLogTrafficType } from 'aws-cdk-lib/aws-ec2';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledge, PACKS } from '../sovereignty/acknowledge';

/**
 * Flow logs of all traffic for a VPC built in `scope`: a log group under the logs key with
 * bounded retention, and the role VPC flow logs write with (`FlowLogs`, `FlowLogsRole`).
 * `network` names the VPC in the rule-pack acknowledgement ("the live network").
 */
export function vpcFlowLogs(
  scope: Construct,
  props: { logsKey: IKey; logRetention: RetentionDays },
  network: string,
): Record<string, FlowLogOptions> {
  const flowLogs = new LogGroup(scope, 'FlowLogs', {
    retention: props.logRetention,
    encryptionKey: props.logsKey,
  });
  const flowLogsRole = new Role(scope, 'FlowLogsRole', {
    assumedBy: new ServicePrincipal('vpc-flow-logs.amazonaws.com'),
  });
  acknowledge(
    flowLogsRole,
    PACKS.nist,
    ['IAMNoInlinePolicy'],
    'The inline default policy is what CDK writes for VPC flow logs: write to the one flow-log ' +
      `group of ${network} and pass this role. The role serves nothing else.`,
  );
  return {
    All: {
      destination: FlowLogDestination.toCloudWatchLogs(flowLogs, flowLogsRole),
      trafficType: FlowLogTrafficType.ALL,
    },
  };
}
