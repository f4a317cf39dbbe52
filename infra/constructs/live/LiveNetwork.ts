import { Stack } from 'aws-cdk-lib';
import { type IGatewayVpcEndpointService, IpAddresses, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge, PACKS } from '../../sovereignty/acknowledge';
import { vpcFlowLogs } from '../vpcFlowLogs';

export interface LiveNetworkProps {
  readonly natGateways: number;
  /** Encrypts the flow logs. */
  readonly logsKey: IKey;
  readonly logRetention: RetentionDays;
}

/**
 * The live bridge's VPC, two AZs: public subnets hold only the load balancer and the NAT
 * gateways; the tasks run in private subnets and reach S3 through a gateway endpoint, everything
 * else through NAT. Flow logs record all traffic.
 */
export class LiveNetwork extends Construct {
  readonly vpc: Vpc;

  constructor(scope: Construct, id: string, props: LiveNetworkProps) {
    super(scope, id);
    const { region } = Stack.of(this);
    const flowLogs = vpcFlowLogs(this, props, 'the live network');
    const vpc = new Vpc(this, 'Vpc', {
      ipAddresses: IpAddresses.cidr('10.1.0.0/16'),
      maxAzs: 2,
      natGateways: props.natGateways,
      subnetConfiguration: [
        { name: 'Public', subnetType: SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'Tasks', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      ],
      restrictDefaultSecurityGroup: false,
      flowLogs,
    });
    this.vpc = vpc;
    acknowledge(
      vpc,
      PACKS.nist,
      ['VPCDefaultSecurityGroupClosed'],
      "Nothing is attached to the live VPC's default security group: the load balancer and the " +
        'tasks have their own. Emptying its rules needs a CDK custom-resource Lambda outside the VPC.',
    );
    for (const subnet of vpc.publicSubnets) {
      acknowledge(
        subnet,
        PACKS.nist,
        ['VPCNoUnrestrictedRouteToIGW'],
        'The public subnets hold only the internet-facing load balancer (TLS 443, Genesys Cloud ' +
          "and the viewers' browsers) and the NAT gateways; the tasks run in private subnets.",
      );
    }
    // Built from the literal region: CDK's GatewayVpcEndpointAwsService renders Ref AWS::Region.
    const s3: IGatewayVpcEndpointService = { name: `com.amazonaws.${region}.s3` };
    vpc.addGatewayEndpoint('S3', {
      service: s3,
      subnets: [{ subnetType: SubnetType.PRIVATE_WITH_EGRESS }],
    });
  }
}
