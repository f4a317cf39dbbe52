import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Peer, Port, SecurityGroup, SubnetType, type Vpc } from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import {
  Cluster,
  ContainerImage,
  CpuArchitecture,
  Secret as EcsSecret,
  FargatePlatformVersion,
  FargateService,
  FargateTaskDefinition,
  LogDrivers,
  OperatingSystemFamily,
} from 'aws-cdk-lib/aws-ecs';
import {
  AlpnPolicy,
  ListenerCertificate,
  NetworkLoadBalancer,
  Protocol,
  SslPolicy,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { PolicyStatement, type Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { IgnoreMode } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import type { PipelineConfig } from '../../../functions/shared/pipelineConfig';
import { LIVE_CONTAINER_ENV } from '../../../live/container/containerEnvironment';
import { REPO_ROOT } from '../../config';
import { acknowledge, nagArnOf, PACKS } from '../../sovereignty/acknowledge';
import { EncryptedBucket } from '../EncryptedBucket';
import { grantProviderAccess } from '../grantProviderAccess';
import { encryptedSecret } from './encryptedSecret';
import { LiveNetwork } from './LiveNetwork';
import {
  LIVE_BRIDGE_AUDIO,
  LIVE_BRIDGE_READS,
  LIVE_BRIDGE_WRITES,
  liveRecordingsPattern,
} from './liveBridgeKeys';
import type { LiveBridgeSettings } from './liveBridgeSettings';

export interface LiveBridgeProps {
  readonly settings: LiveBridgeSettings;
  /** Providers of the live utterances: its speech-to-text and translation. */
  readonly pipeline: PipelineConfig;
  readonly recordings: EncryptedBucket;
  readonly results: EncryptedBucket;
  readonly recordingsPrefix: string;
  readonly logsKey: IKey;
  readonly logRetention: RetentionDays;
}

/** The port the bridge listens on inside the task. */
export const BRIDGE_PORT = 8080;
const CONTAINER = 'Bridge';
/** Only what the image's build stage copies (live/container/Dockerfile) is staged. */
const BUILD_CONTEXT = [
  '*',
  '!package.json',
  '!package-lock.json',
  '!functions',
  '!live',
  '!schemas',
];

/**
 * The AudioHook bridge as a container service: ECS on Fargate in private subnets of its own VPC,
 * behind an internet-facing Network Load Balancer whose only listener is TLS on 443 (certificate
 * from ACM). Genesys Cloud connects there (WebSocket), and so do the live views' readers (pages
 * and server-sent events). The image is built from live/container/Dockerfile at deploy time;
 * synth only stages its build context. API keys and the view key come from Secrets Manager
 * (customer-managed key), injected by ECS; the task role may write live segments, the view links
 * and the end-of-call recording, and read its providers' secrets, nothing else.
 *
 * Why a Network Load Balancer: AudioHook and server-sent events are long-lived streams that need
 * nothing from HTTP routing; an NLB passes them after TLS without HTTP idle timeouts, has no
 * plain-HTTP listener at all, and writes its access logs to a bucket under a customer-managed key
 * (an ALB accepts only SSE-S3 there, which Sovereignty-CustomerManagedEncryption forbids).
 * The bridge authenticates every upgrade itself (API key, RFC 9421 signature, 401 otherwise).
 */
export class LiveBridge extends Construct {
  readonly vpc: Vpc;
  readonly service: FargateService;
  readonly loadBalancer: NetworkLoadBalancer;
  readonly taskRole: Role;
  /** `KEY:BASE64SECRET,…` of the Genesys AudioHook integrations; set after deploy. */
  readonly apiKeys: ISecret;
  readonly accessLogs: EncryptedBucket;

  constructor(scope: Construct, id: string, props: LiveBridgeProps) {
    super(scope, id);
    const { settings } = props;
    const stack = Stack.of(this);
    this.vpc = new LiveNetwork(this, 'Network', {
      natGateways: settings.natGateways,
      logsKey: props.logsKey,
      logRetention: props.logRetention,
    }).vpc;

    const secretsKey = new Key(this, 'SecretsKey', {
      description: 'callbrief live bridge secrets',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.apiKeys = encryptedSecret(this, 'ApiKeys', secretsKey, {
      Description:
        'callbrief live bridge: AudioHook API keys, KEY:BASE64SECRET,... (a random placeholder until set)',
      // Nobody knows the placeholder, so no client gets in before the team sets real keys.
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true },
    });
    const viewKey = encryptedSecret(this, 'ViewKey', secretsKey, {
      Description: 'callbrief live bridge: HMAC key of the view links (base64)',
      // 64 letters and digits are valid base64 of 48 bytes.
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
    });

    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      encryptionKey: props.logsKey,
    });
    const cluster = new Cluster(this, 'Cluster', { vpc: this.vpc });
    acknowledge(
      cluster,
      PACKS.awsSolutions,
      ['ECS4'],
      'Container Insights writes into a log group ECS creates itself, outside this template: ' +
        "not under the app's key and without bounded retention. Task CPU and memory come from " +
        "ECS's standard CloudWatch metrics; the bridge logs events and counts to its own group.",
    );

    const task = new FargateTaskDefinition(this, 'Task', {
      cpu: settings.cpu,
      memoryLimitMiB: settings.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: CpuArchitecture.X86_64,
        operatingSystemFamily: OperatingSystemFamily.LINUX,
      },
      volumes: [{ name: 'scratch' }],
    });
    this.taskRole = task.taskRole as Role;
    const container = task.addContainer(CONTAINER, {
      image: ContainerImage.fromAsset(REPO_ROOT, {
        file: 'live/container/Dockerfile',
        platform: Platform.LINUX_AMD64,
        buildArgs: { NODE_IMAGE: settings.baseImage },
        exclude: BUILD_CONTEXT,
        ignoreMode: IgnoreMode.DOCKER,
      }),
      logging: LogDrivers.awsLogs({ logGroup, streamPrefix: 'bridge' }),
      portMappings: [{ containerPort: BRIDGE_PORT }],
      readonlyRootFilesystem: true,
      user: 'node',
      // Calls still open at a stop get this long for their last utterances and recording.
      stopTimeout: Duration.seconds(120),
      environment: {
        [LIVE_CONTAINER_ENV.recordingsBucket]: props.recordings.bucket.bucketName,
        [LIVE_CONTAINER_ENV.resultsBucket]: props.results.bucket.bucketName,
        [LIVE_CONTAINER_ENV.recordingsPrefix]: props.recordingsPrefix,
        [LIVE_CONTAINER_ENV.pipelineConfig]: JSON.stringify(props.pipeline),
        [LIVE_CONTAINER_ENV.port]: String(BRIDGE_PORT),
        [LIVE_CONTAINER_ENV.maxUtteranceSeconds]: String(settings.maxUtteranceSeconds),
        [LIVE_CONTAINER_ENV.defaultCaseId]: settings.defaultCaseId,
        ...(settings.publicUrl ? { [LIVE_CONTAINER_ENV.publicUrl]: settings.publicUrl } : {}),
      },
      secrets: {
        [LIVE_CONTAINER_ENV.apiKeys]: EcsSecret.fromSecretsManager(this.apiKeys),
        [LIVE_CONTAINER_ENV.viewKey]: EcsSecret.fromSecretsManager(viewKey),
      },
    });
    // The bridge writes each utterance's WAV and the call's recording here.
    container.addMountPoints({ containerPath: '/tmp', sourceVolume: 'scratch', readOnly: false });
    acknowledge(
      task,
      PACKS.awsSolutions,
      ['ECS2'],
      'The environment holds settings only (bucket names, prefix, port, the pipeline config with ' +
        'provider types, endpoints and secret ids); the API keys and the view key come from ' +
        'Secrets Manager through the container definition\'s "secrets".',
    );

    const loadBalancerGroup = new SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc: this.vpc,
      description: 'callbrief live bridge load balancer: TLS 443 in, the tasks out',
      allowAllOutbound: false,
    });
    for (const cidr of settings.allowedCidrs) {
      loadBalancerGroup.addIngressRule(
        Peer.ipv4(cidr),
        Port.tcp(443),
        'TLS: AudioHook from Genesys Cloud, live views from browsers',
      );
    }
    if (settings.allowedCidrs.includes('0.0.0.0/0')) {
      acknowledge(
        loadBalancerGroup,
        PACKS.awsSolutions,
        ['EC23'],
        'Port 443 only, TLS only: Genesys Cloud connects from its regional addresses and citizens ' +
          'open their view link on their own phones, from anywhere. Every AudioHook upgrade is ' +
          'authenticated (API key, RFC 9421 signature) and every view link is an HMAC-signed ' +
          'token; restrict with liveBridgeSettings.allowedCidrs where the callers are known.',
      );
    }
    const serviceGroup = new SecurityGroup(this, 'ServiceSecurityGroup', {
      vpc: this.vpc,
      description: 'callbrief live bridge tasks: the load balancer in, HTTPS out',
      allowAllOutbound: false,
    });
    serviceGroup.addIngressRule(
      loadBalancerGroup,
      Port.tcp(BRIDGE_PORT),
      'AudioHook and views from the load balancer',
    );
    loadBalancerGroup.addEgressRule(
      serviceGroup,
      Port.tcp(BRIDGE_PORT),
      'To the bridge tasks (and their health checks)',
    );
    serviceGroup.addEgressRule(
      Peer.anyIpv4(),
      Port.tcp(443),
      'HTTPS to the providers and AWS APIs (egress allow-list in the code)',
    );

    this.service = new FargateService(this, 'Service', {
      cluster,
      taskDefinition: task,
      desiredCount: settings.desiredCount,
      vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [serviceGroup],
      assignPublicIp: false,
      platformVersion: FargatePlatformVersion.LATEST,
      // A deployment starts new tasks before it stops old ones; calls move by reconnecting.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { rollback: true },
    });

    this.accessLogs = new EncryptedBucket(this, 'AccessLogs', {
      purpose: 'live-bridge-access-logs',
      retentionDays: settings.accessLogDays,
    });
    // NLB access logs are written by the log delivery service under the bucket's own key.
    this.accessLogs.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    this.loadBalancer = new NetworkLoadBalancer(this, 'LoadBalancer', {
      vpc: this.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: SubnetType.PUBLIC },
      securityGroups: [loadBalancerGroup],
      crossZoneEnabled: true,
      deletionProtection: true,
    });
    this.loadBalancer.logAccessLogs(this.accessLogs.bucket, 'live-bridge');
    const listener = this.loadBalancer.addListener('Tls', {
      port: 443,
      protocol: Protocol.TLS,
      certificates: [ListenerCertificate.fromArn(settings.certificateArn)],
      // TLS 1.3 and 1.2 with forward-secret AEAD ciphers only.
      sslPolicy: SslPolicy.TLS13_RES,
      alpnPolicy: AlpnPolicy.HTTP1_ONLY,
    });
    listener.addTargets('Bridge', {
      port: BRIDGE_PORT,
      protocol: Protocol.TCP,
      targets: [
        this.service.loadBalancerTarget({ containerName: CONTAINER, containerPort: BRIDGE_PORT }),
      ],
      // Open calls get five minutes to end on a task that is being replaced.
      deregistrationDelay: Duration.minutes(5),
      healthCheck: {
        protocol: Protocol.TCP,
        interval: Duration.seconds(10),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 2,
      },
    });

    this.grantTaskAccess(props);
    const executionRole = task.executionRole as Role;
    // ECS reads the two secrets at task start (no kms:ViaService condition: CDK would write
    // its commercial form, secretsmanager.<region>.amazonaws.com; the key holds nothing else).
    secretsKey.grantDecrypt(executionRole);
    acknowledge(
      executionRole,
      PACKS.awsSolutions,
      ['IAM5[Resource::*]'],
      'ECS pulls the image with ecr:GetAuthorizationToken, which has no resource-level ' +
        "permissions; the rest of the execution role names the image's repository, the log " +
        'group and the two secrets.',
    );
    acknowledge(
      executionRole,
      PACKS.nist,
      ['IAMNoInlinePolicy'],
      'The inline default policy is what CDK writes for ECS: pull the image, write the log ' +
        'group, read the two secrets. The role serves nothing else.',
    );
  }

  /**
   * Live segments, view links and the end-of-call recording, each under its own prefix; the
   * providers' secrets, endpoints or models, and the audio of calls in progress (pieces it
   * lists, reads back and deletes once the recording is assembled). Nothing else to list, delete
   * or read back but segments (a repeated utterance finds its first segment).
   */
  private grantTaskAccess(props: LiveBridgeProps): void {
    const role = this.taskRole;
    const { results, recordings } = props;
    const allow = (actions: string[], resources: string[]) =>
      role.addToPrincipalPolicy(new PolicyStatement({ actions, resources }));
    // PutObjectTagging: results objects carry their data class (retention by tag).
    allow(
      ['s3:PutObject', 's3:PutObjectTagging'],
      LIVE_BRIDGE_WRITES.map((key) => results.bucket.arnForObjects(key)),
    );
    allow(
      ['s3:GetObject'],
      LIVE_BRIDGE_READS.map((key) => results.bucket.arnForObjects(key)),
    );
    results.key.grant(role, 'kms:Decrypt', 'kms:GenerateDataKey');
    const recordingsKey = liveRecordingsPattern(props.recordingsPrefix);
    allow(['s3:PutObject'], [recordings.bucket.arnForObjects(recordingsKey)]);
    // The call's audio as it arrives, read back and deleted once the recording is assembled.
    allow(
      ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
      [recordings.bucket.arnForObjects(LIVE_BRIDGE_AUDIO)],
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket', 's3:ListBucketVersions'],
        resources: [recordings.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [LIVE_BRIDGE_AUDIO] } },
      }),
    );
    recordings.key.grant(role, 'kms:GenerateDataKey', 'kms:Decrypt');
    grantProviderAccess(this, 'SpeechToText', role, props.pipeline.speechToText);
    grantProviderAccess(this, 'Translation', role, props.pipeline.translation);
    const wildcards = [
      ...[...LIVE_BRIDGE_WRITES, ...LIVE_BRIDGE_READS].map(
        (key) => `${nagArnOf(results.bucket)}/${key}`,
      ),
      `${nagArnOf(recordings.bucket)}/${recordingsKey}`,
      `${nagArnOf(recordings.bucket)}/${LIVE_BRIDGE_AUDIO}`,
    ];
    acknowledge(
      role,
      PACKS.awsSolutions,
      [...new Set(wildcards)].map((resource) => `IAM5[Resource::${resource}]`),
      'Object keys contain the case and contact ids of calls not yet made, so object ' +
        'permissions end in wildcards: live segments and view links under cases/*/contacts/*/, ' +
        `the assembled recording under ${recordingsKey}, the audio of calls in progress under ` +
        `${LIVE_BRIDGE_AUDIO}.`,
    );
    acknowledge(
      role,
      PACKS.nist,
      ['IAMNoInlinePolicy'],
      "The task role's inline policy names only the live prefixes, the two bucket keys and the " +
        "providers' secrets; it is this task's alone.",
    );
  }
}
