import { asArray, isObject, type JsonObject, pick } from './cfnJson';

/**
 * Resource types that hold case data or its traces (a schedule holds its target's input), and
 * must use a customer-managed key.
 */
export const ENCRYPTED_TYPES: ReadonlySet<string> = new Set([
  'AWS::S3::Bucket',
  'AWS::SQS::Queue',
  'AWS::SNS::Topic',
  'AWS::Logs::LogGroup',
  'AWS::DynamoDB::Table',
  'AWS::Scheduler::Schedule',
]);

export type Encryption =
  /** Encrypted with the key `keys` point to; the caller decides whether it is the app's. */
  | { readonly kind: 'kms'; readonly keys: readonly unknown[] }
  /** AWS owns the key: SSE-S3, SQS-managed SSE, DynamoDB's default, alias/aws/*. */
  | { readonly kind: 'aws-managed'; readonly detail: string }
  | { readonly kind: 'none' };

/** How a resource of `type` is encrypted, from its resolved properties. */
export function encryptionOf(type: string, properties: JsonObject): Encryption | undefined {
  switch (type) {
    case 'AWS::S3::Bucket':
      return bucketEncryption(properties);
    case 'AWS::SQS::Queue':
      return keyIdEncryption(properties.KmsMasterKeyId, 'SQS-managed SSE');
    case 'AWS::SNS::Topic':
      return keyIdEncryption(properties.KmsMasterKeyId, undefined);
    case 'AWS::Logs::LogGroup':
      return keyIdEncryption(properties.KmsKeyId, 'CloudWatch Logs default encryption');
    case 'AWS::DynamoDB::Table':
      return tableEncryption(properties);
    case 'AWS::Scheduler::Schedule':
      return keyIdEncryption(properties.KmsKeyArn, 'EventBridge Scheduler default (AWS owned key)');
    default:
      return undefined;
  }
}

function keyIdEncryption(key: unknown, defaultDetail: string | undefined): Encryption {
  if (key === undefined) {
    return defaultDetail ? { kind: 'aws-managed', detail: defaultDetail } : { kind: 'none' };
  }
  if (isAwsManagedAlias(key)) return { kind: 'aws-managed', detail: String(key) };
  return { kind: 'kms', keys: [key] };
}

function bucketEncryption(properties: JsonObject): Encryption {
  const rules = asArray(
    pick(properties, 'BucketEncryption', 'ServerSideEncryptionConfiguration'),
  ).filter(isObject);
  const defaults = rules.map((rule) => pick(rule, 'ServerSideEncryptionByDefault'));
  if (defaults.length === 0) return { kind: 'aws-managed', detail: 'SSE-S3 (default)' };
  const keys: unknown[] = [];
  for (const byDefault of defaults) {
    const algorithm = pick(byDefault, 'SSEAlgorithm');
    const key = pick(byDefault, 'KMSMasterKeyID');
    if (algorithm !== 'aws:kms' && algorithm !== 'aws:kms:dsse') {
      return { kind: 'aws-managed', detail: `SSE algorithm ${String(algorithm)}` };
    }
    if (key === undefined || isAwsManagedAlias(key)) {
      return { kind: 'aws-managed', detail: 'aws/s3 key' };
    }
    keys.push(key);
  }
  return { kind: 'kms', keys };
}

function tableEncryption(properties: JsonObject): Encryption {
  const spec = properties.SSESpecification;
  if (pick(spec, 'SSEEnabled') !== true) {
    return { kind: 'aws-managed', detail: 'DynamoDB default (AWS owned key)' };
  }
  const key = pick(spec, 'KMSMasterKeyId');
  if (key === undefined || isAwsManagedAlias(key)) {
    return { kind: 'aws-managed', detail: 'aws/dynamodb key' };
  }
  return { kind: 'kms', keys: [key] };
}

/** `alias/aws/sqs`, or an ARN ending in `:alias/aws/...`: keys AWS manages for a service. */
export function isAwsManagedAlias(key: unknown): boolean {
  return typeof key === 'string' && /(^|:)alias\/aws\//.test(key);
}
