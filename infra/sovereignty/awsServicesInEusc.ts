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
}

const available = (service: string, note?: string): EuscService => ({
  service,
  availability: 'available',
  ...(note ? { note } : {}),
});
const absent = (service: string): EuscService => ({ service, availability: 'absent' });

export const EUSC_SERVICES: Readonly<Record<string, EuscService>> = Object.freeze({
  ApiGateway: available('Amazon API Gateway', 'since May 2026'),
  ApiGatewayV2: available('Amazon API Gateway (HTTP and WebSocket APIs)', 'since May 2026'),
  Backup: available('AWS Backup'),
  Bedrock: available('Amazon Bedrock', 'control plane; models offered: UNVERIFIED'),
  CloudFormation: available('AWS CloudFormation'),
  CloudTrail: available('AWS CloudTrail'),
  CloudWatch: available('Amazon CloudWatch metrics and alarms'),
  Cognito: available('Amazon Cognito'),
  DynamoDB: available('Amazon DynamoDB'),
  EC2: available('Amazon VPC / PrivateLink'),
  ECR: available('Amazon ECR'),
  ECS: available('Amazon ECS (Fargate)'),
  ElasticLoadBalancingV2: available(
    'Elastic Load Balancing (Network and Application Load Balancers)',
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
