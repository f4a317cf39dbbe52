import { type CfnResource, Stack } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, type NagPackProps, type NagRuleResult } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import * as rules from './rules';

interface SovereigntyRule {
  readonly rule: (node: CfnResource) => NagRuleResult;
  readonly info: string;
  readonly explanation: string;
}

/** Checked once per stack, reported on the stack's first resource (acknowledge on the stack). */
const STACK_RULES: readonly SovereigntyRule[] = [
  {
    rule: rules.ExplicitEnvironment,
    info: 'The stack has no concrete account and region (env).',
    explanation:
      'An environment-agnostic stack resolves its region at deploy time, so partition, endpoints and service availability cannot be checked. Set env: { account, region }.',
  },
  {
    rule: rules.RegionInPartition,
    info: 'The stack region is not in partition aws-eusc.',
    explanation:
      'Data must stay in the AWS European Sovereign Cloud; its only region is eusc-de-east-1.',
  },
  {
    rule: rules.PartitionLiteral,
    info: 'Stack.partition does not render as the literal aws-eusc.',
    explanation:
      'Set a concrete region and the feature flag @aws-cdk/core:enablePartitionLiterals, so every ARN is written as arn:aws-eusc: and can be checked before deployment.',
  },
  {
    rule: rules.AcknowledgementReason,
    info: 'An acknowledgement in the stack has no reason.',
    explanation:
      'Acknowledge only with Validations.of(scope).acknowledge({ id, reason }) and a non-empty reason: the sovereignty report lists each one for audit.',
  },
];

const RESOURCE_RULES: readonly SovereigntyRule[] = [
  {
    rule: rules.NoCommercialArn,
    info: 'The resource contains a literal ARN of another partition (finding: partition@property).',
    explanation:
      'arn:aws:, arn:aws-cn: or arn:aws-us-gov: point outside the sovereign cloud or fail to deploy. Build ARNs with Stack.formatArn and the partition-literal flag.',
  },
  {
    rule: rules.NoCommercialEndpoint,
    info: 'The resource names a commercial AWS endpoint, *.amazonaws.com or *.aws.amazon.com (finding: host).',
    explanation:
      'Endpoints in aws-eusc end in amazonaws.eu. Only IAM service principals keep the amazonaws.com form.',
  },
  {
    rule: rules.CustomerManagedEncryption,
    info: 'The resource is not encrypted with a customer-managed KMS key of this app.',
    explanation:
      "Buckets, queues, topics, log groups, tables and schedules must use a KMS key the app defines, not SSE-S3, SQS-managed SSE, Scheduler's AWS owned key or alias/aws/*, so the authority controls and can revoke access.",
  },
  {
    rule: rules.KmsKeyRotation,
    info: 'The KMS key does not rotate its key material.',
    explanation: 'Set enableKeyRotation: true on every symmetric key.',
  },
  {
    rule: rules.NoCrossRegionReplication,
    info: 'The resource replicates data outside the stack region (finding: destination region or unverifiable).',
    explanation:
      'Replication may only target resources of this app in the same region of aws-eusc.',
  },
  {
    rule: rules.NoPublicAccess,
    info: 'The bucket does not block all public access.',
    explanation: 'Set blockPublicAccess: BlockPublicAccess.BLOCK_ALL.',
  },
  {
    rule: rules.TlsOnly,
    info: 'The bucket or queue (policy) does not deny requests without TLS (aws:SecureTransport=false).',
    explanation: 'Set enforceSSL: true on buckets and queues.',
  },
  {
    rule: rules.ServiceAvailableInEusc,
    info: 'The resource type belongs to a service that is absent from, or not yet checked for, aws-eusc (finding: absent|unlisted).',
    explanation:
      'See infra/sovereignty/awsServicesInEusc.ts. Transcribe, Translate, Comprehend, Textract, CloudFront, CodeBuild, CodePipeline, Organizations and EventBridge Pipes do not exist there.',
  },
  {
    rule: rules.NoProxyEnvironment,
    info: 'The function environment sets a proxy or a TLS override (finding: variable).',
    explanation:
      'HTTP_PROXY, HTTPS_PROXY, NODE_USE_ENV_PROXY, NODE_TLS_REJECT_UNAUTHORIZED and NODE_EXTRA_CA_CERTS reroute call content past the egress allow-list or weaken certificate checks; the functions refuse them at cold start. Remove them.',
  },
  {
    rule: rules.NoKnownBrokenConstruct,
    info: 'The resource comes from a construct known to fail in aws-eusc (finding: construct).',
    explanation:
      'autoDeleteObjects hard-codes arn:aws:s3:::; Lambda Insights, ADOT, Parameters-and-Secrets and AppConfig layers have no eusc build; SecretRotation cannot deploy there.',
  },
  {
    rule: rules.BoundedLogRetention,
    info: 'Logs are kept without a retention period (finding: NoRetention|ImplicitLogGroup).',
    explanation:
      'Give every log group RetentionInDays, and every function a log group of the stack (logGroup prop), so logs with case data expire.',
  },
  {
    rule: rules.RecordingsLifecycle,
    info: 'The recordings bucket (tag callbrief:data-class=recordings) does not expire every object and old version (finding: NoExpiration|NoNoncurrentExpiration).',
    explanation:
      'Recordings are personal data kept only as long as needed: an enabled lifecycle rule without filter must set expiration, and noncurrent-version expiration when versioned. The rule finds the bucket by its tag callbrief:data-class=recordings (EncryptedBucket sets it from its purpose), so tag every bucket that holds recordings.',
  },
  {
    rule: rules.EuAiEndpoints,
    info: 'PIPELINE_CONFIG names an AI endpoint that is not on the EU allow-list, is loopback or not https, or an AWS AI region outside aws-eusc (finding: setting=host).',
    explanation:
      'Call content may only leave for the reviewed EU endpoints in functions/providers/euEndpoints.ts. Hosts a config adds itself (extraAllowedHosts) need an acknowledgement with a reason.',
  },
];

/** Every rule id of the pack, e.g. `Sovereignty-NoCommercialArn`. */
export const SOVEREIGNTY_RULE_IDS: readonly string[] = [...STACK_RULES, ...RESOURCE_RULES]
  .map(({ rule }) => `Sovereignty-${rule.name}`)
  .sort();

/**
 * cdk-nag pack "Sovereignty": keeps the app inside the AWS European Sovereign Cloud. Every rule
 * is an error, so synth fails until the finding is fixed or acknowledged with
 * `Validations.of(scope).acknowledge({ id, reason })`.
 */
export class SovereigntyChecks extends NagPack {
  readonly name = 'Sovereignty';
  override readonly ruleIds = [...SOVEREIGNTY_RULE_IDS];
  #checkedStacks = new WeakSet<Stack>();

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = 'Sovereignty';
  }

  override validateScope(scope: IConstruct) {
    this.#checkedStacks = new WeakSet();
    return super.validateScope(scope);
  }

  protected checkResource(node: CfnResource): void {
    const stack = Stack.of(node);
    if (!this.#checkedStacks.has(stack)) {
      this.#checkedStacks.add(stack);
      for (const entry of STACK_RULES) this.#apply(entry, node);
    }
    for (const entry of RESOURCE_RULES) this.#apply(entry, node);
  }

  #apply({ rule, info, explanation }: SovereigntyRule, node: CfnResource): void {
    this.applyRule({
      ruleSuffixOverride: rule.name,
      info,
      explanation,
      level: NagMessageLevel.ERROR,
      rule,
      node,
    });
  }
}
