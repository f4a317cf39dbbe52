import { Stack } from 'aws-cdk-lib';
import {
  type GatewayVpcEndpoint,
  type IGatewayVpcEndpointService,
  IpAddresses,
  Peer,
  Port,
  PrefixList,
  SecurityGroup,
  type SubnetSelection,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge, PACKS } from '../sovereignty/acknowledge';
import type { InterfaceEndpoint } from '../strictNetwork';
import { vpcFlowLogs } from './vpcFlowLogs';

export interface IsolatedNetworkProps {
  /** AWS APIs the functions call, besides S3 (which gets a gateway endpoint). */
  readonly interfaceEndpoints: readonly InterfaceEndpoint[];
  /** Encrypts the flow logs. */
  readonly logsKey: IKey;
  readonly logRetention: RetentionDays;
  /**
   * Managed prefix list `com.amazonaws.<region>.s3`, the destinations behind the S3 gateway
   * endpoint.
   * @default - looked up at synth time (needs credentials once; cached in cdk.context.json)
   */
  readonly s3PrefixListId?: string;
}

/** What a Lambda function needs to run in the network (spread into its props). */
export interface FunctionPlacement {
  readonly vpc: Vpc;
  readonly vpcSubnets: SubnetSelection;
  readonly securityGroups: SecurityGroup[];
}

/** Actions of AWSLambdaVPCAccessExecutionRole that Lambda needs to attach a function. */
const NETWORK_INTERFACE_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];

const ISOLATED: SubnetSelection = { subnetType: SubnetType.PRIVATE_ISOLATED };

/**
 * Strict network mode: a VPC with isolated subnets in two AZs and no NAT or internet gateway,
 * so functions can reach nothing but AWS APIs of the partition, through a gateway endpoint for
 * S3 and interface endpoints (private DNS) for the rest. The functions' security group allows
 * HTTPS out to the VPC (the endpoints) and to S3's prefix list only; flow logs record the rest.
 * Endpoint service names are `com.amazonaws.<region>.<service>` (ESC-FACTS).
 */
export class IsolatedNetwork extends Construct {
  readonly vpc: Vpc;
  readonly functionSecurityGroup: SecurityGroup;
  readonly s3Endpoint: GatewayVpcEndpoint;

  constructor(scope: Construct, id: string, props: IsolatedNetworkProps) {
    super(scope, id);
    const { region } = Stack.of(this);
    const flowLogs = vpcFlowLogs(this, props, 'this stack');
    this.vpc = new Vpc(this, 'Vpc', {
      ipAddresses: IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'Isolated', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 20 },
      ],
      // Closing the default group takes CDK's custom-resource Lambda (outside the VPC, own
      // runtime and log group); nothing here uses the default group.
      restrictDefaultSecurityGroup: false,
      flowLogs,
    });

    acknowledge(
      this.vpc,
      PACKS.nist,
      ['VPCDefaultSecurityGroupClosed'],
      "Nothing is attached to the VPC's default security group: every function and endpoint has " +
        "its own. Emptying the default group's rules needs CDK's custom-resource Lambda, which " +
        'would run outside the VPC with its own runtime and an implicit log group.',
    );

    this.functionSecurityGroup = new SecurityGroup(this, 'FunctionsSecurityGroup', {
      vpc: this.vpc,
      description: 'callbrief functions: HTTPS to the VPC endpoints and S3 only',
      allowAllOutbound: false,
    });
    const endpointsSecurityGroup = new SecurityGroup(this, 'EndpointsSecurityGroup', {
      vpc: this.vpc,
      description: 'callbrief interface endpoints: HTTPS from the functions',
      allowAllOutbound: false,
    });
    endpointsSecurityGroup.addIngressRule(
      this.functionSecurityGroup,
      Port.tcp(443),
      'HTTPS from the functions',
    );
    this.functionSecurityGroup.addEgressRule(
      Peer.ipv4(this.vpc.vpcCidrBlock),
      Port.tcp(443),
      'HTTPS to the interface endpoints',
    );
    const s3PrefixList =
      props.s3PrefixListId ??
      PrefixList.fromLookup(this, 'S3PrefixList', {
        prefixListName: `com.amazonaws.${region}.s3`,
      }).prefixListId;
    this.functionSecurityGroup.addEgressRule(
      Peer.prefixList(s3PrefixList),
      Port.tcp(443),
      'HTTPS to S3 through the gateway endpoint',
    );

    // Built from the literal region: CDK's GatewayVpcEndpointAwsService renders Ref AWS::Region.
    const s3: IGatewayVpcEndpointService = { name: `com.amazonaws.${region}.s3` };
    this.s3Endpoint = this.vpc.addGatewayEndpoint('S3', { service: s3, subnets: [ISOLATED] });
    for (const { id: endpointId, service } of props.interfaceEndpoints) {
      this.vpc.addInterfaceEndpoint(endpointId, {
        service,
        privateDnsEnabled: true,
        subnets: ISOLATED,
        securityGroups: [endpointsSecurityGroup],
        open: false,
      });
    }
  }

  get functionPlacement(): FunctionPlacement {
    return {
      vpc: this.vpc,
      vpcSubnets: ISOLATED,
      securityGroups: [this.functionSecurityGroup],
    };
  }

  /**
   * Lets Lambda create and remove the function's network interfaces with the function's role
   * (CDK adds AWSLambdaVPCAccessExecutionRole only to roles it creates itself).
   */
  grantNetworkInterfaces(role: Role): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: NETWORK_INTERFACE_ACTIONS, resources: ['*'] }),
    );
    acknowledge(
      role,
      PACKS.awsSolutions,
      ['IAM5[Resource::*]'],
      'Lambda attaches the function to the isolated subnets with these EC2 network-interface ' +
        'actions (those of AWSLambdaVPCAccessExecutionRole). ec2:Describe* has no resource-level ' +
        'permissions and the interfaces do not exist before Lambda creates them.',
    );
  }
}
