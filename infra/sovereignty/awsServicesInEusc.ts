/**
 * Which AWS services exist in the European Sovereign Cloud, keyed by the CloudFormation
 * namespace (`AWS::<Namespace>::<Type>`). A namespace in neither list is an error too: a
 * service nobody has checked must be checked (and added here) before it is deployed.
 */
export const EUSC_SERVICES_AS_OF = '2026-11';
export const EUSC_SERVICES_SOURCE = 'public endpoint tables of the AWS SDKs / ESC-FACTS';

export type Availability = 'available' | 'absent';

export interface EuscService {
  readonly service: string;
  readonly availability: Availability;
  readonly note?: string;
  /** Where the entry was checked, when it is more than the general source above. */
  readonly source?: string;
}

const available = (service: string, note?: string, source?: string): EuscService => ({
  service,
  availability: 'available',
  ...(note ? { note } : {}),
  ...(source ? { source } : {}),
});

/**
 * The live bridge's services, checked in December 2026 (test/infra/sovereignty/sdkEndpoints.test.ts):
 * the AWS SDK for JavaScript v3's partition data (@aws-sdk/core, util-endpoints partitions.js:
 * aws-eusc has one region, eusc-de-east-1, DNS suffix amazonaws.eu) and each client's endpoint rule
 * set (@aws-sdk/client-*@3.1178, dist-es/endpoint/bdd.js) resolve every one of them to
 * <host>.eusc-de-east-1.amazonaws.eu. Those rule sets are partition-wide patterns (a region that
 * does not exist resolves just as well); only ECR's names aws-eusc in a branch of its own. Per
 * region, botocore's endpoints.json of 2026-08-07 (ESC-FACTS.md) lists acm, apigateway, ecs,
 * api.ecr and elasticloadbalancing under eusc-de-east-1; no package in node_modules ships that
 * table.
 */
const LIVE_BRIDGE_SOURCE = (host: string, ruleSet: string) =>
  `SDK v3 rule set (${ruleSet}) resolves ${host}.eusc-de-east-1.amazonaws.eu (partition-wide ` +
  `pattern); per region: botocore endpoints.json 2026-08-07 via ESC-FACTS`;
const absent = (service: string): EuscService => ({ service, availability: 'absent' });

export const EUSC_SERVICES: Readonly<Record<string, EuscService>> = Object.freeze({
  ApiGateway: available('Amazon API Gateway', 'since May 2026'),
  ApiGatewayV2: available(
    'Amazon API Gateway (HTTP and WebSocket APIs)',
    'since May 2026',
    LIVE_BRIDGE_SOURCE('apigateway', '@aws-sdk/client-apigatewayv2'),
  ),
  Backup: available('AWS Backup'),
  Bedrock: available('Amazon Bedrock', 'control plane; models offered: UNVERIFIED'),
  CertificateManager: available(
    'AWS Certificate Manager',
    'ACME operations only in aws and aws-us-gov (rule set)',
    LIVE_BRIDGE_SOURCE('acm', '@aws-sdk/client-acm'),
  ),
  CloudFormation: available('AWS CloudFormation'),
  CloudTrail: available('AWS CloudTrail'),
  CloudWatch: available('Amazon CloudWatch metrics and alarms'),
  Cognito: available('Amazon Cognito'),
  DynamoDB: available('Amazon DynamoDB'),
  EC2: available('Amazon VPC / PrivateLink'),
  ECR: available(
    'Amazon ECR',
    undefined,
    `${LIVE_BRIDGE_SOURCE('api.ecr', '@aws-sdk/client-ecr')}; the rule set has an aws-eusc branch`,
  ),
  ECS: available(
    'Amazon ECS (Fargate)',
    'Fargate platform versions offered: UNVERIFIED',
    LIVE_BRIDGE_SOURCE('ecs', '@aws-sdk/client-ecs'),
  ),
  ElasticLoadBalancingV2: available(
    'Elastic Load Balancing (Network and Application Load Balancers)',
    'TLS security policies offered: UNVERIFIED',
    LIVE_BRIDGE_SOURCE('elasticloadbalancing', '@aws-sdk/client-elastic-load-balancing-v2'),
  ),
  Events: available('Amazon EventBridge'),
  IAM: available('AWS IAM', 'every partition has its own IAM'),
  KMS: available('AWS KMS'),
  Lambda: available('AWS Lambda', 'nodejs24.x; older runtimes: assume absent'),
  Logs: available('Amazon CloudWatch Logs'),
  NetworkFirewall: available('AWS Network Firewall'),
  S3: available('Amazon S3'),
  SageMaker: available('Amazon SageMaker', 'runtime since Feb 2026'),
  Scheduler: available('Amazon EventBridge Scheduler'),
  SecretsManager: available('AWS Secrets Manager'),
  SNS: available('Amazon SNS'),
  SQS: available('Amazon SQS'),
  SSM: available('AWS Systems Manager Parameter Store'),
  StepFunctions: available('AWS Step Functions'),
  XRay: available('AWS X-Ray'),

  CloudFront: absent('Amazon CloudFront'),
  CodeBuild: absent('AWS CodeBuild'),
  CodePipeline: absent('AWS CodePipeline'),
  Comprehend: absent('Amazon Comprehend'),
  Organizations: absent('AWS Organizations'),
  Pipes: absent('Amazon EventBridge Pipes'),
  Textract: absent('Amazon Textract'),
  Transcribe: absent('Amazon Transcribe'),
  Translate: absent('Amazon Translate'),
});

/** CDK's own bookkeeping resources; they create nothing in a service. */
const ALWAYS_ALLOWED_TYPES: ReadonlySet<string> = new Set(['AWS::CDK::Metadata']);

export type TypeAvailability = Availability | 'unlisted' | 'custom';

/** Availability of a CloudFormation resource type in aws-eusc. */
export function availabilityOf(resourceType: string): TypeAvailability {
  if (resourceType.startsWith('Custom::') || ALWAYS_ALLOWED_TYPES.has(resourceType)) {
    return 'custom';
  }
  const [vendor, namespace] = resourceType.split('::');
  if (vendor !== 'AWS' || namespace === undefined) return 'unlisted';
  return EUSC_SERVICES[namespace]?.availability ?? 'unlisted';
}
