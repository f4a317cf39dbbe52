import { Duration, Names, RemovalPolicy, Tags } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type LifecycleRule,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge, PACKS } from '../sovereignty/acknowledge';
import { DATA_CLASS_TAG } from '../sovereignty/rules/RecordingsLifecycle';

export interface RetentionByTag {
  /** Object tag whose value names the class, e.g. `callbrief:class`. */
  readonly key: string;
  /** Days per tag value; each at most the bucket's `retentionDays`. */
  readonly days: Readonly<Record<string, number>>;
}

export interface EncryptedBucketProps {
  /** What the bucket holds: the key's description and the bucket's `callbrief:data-class` tag. */
  readonly purpose: string;
  /**
   * Days after which current objects expire. With `retentionByTag`, the limit for objects
   * without a class tag: no object lives forever because its writer forgot the tag.
   */
  readonly retentionDays: number;
  /**
   * Shorter retention per object tag value, one lifecycle rule each.
   * @default - every object expires after `retentionDays`
   */
  readonly retentionByTag?: RetentionByTag;
  /**
   * Days an overwritten or deleted version survives; short, so erasure really erases.
   * @default 7
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Role of CDK's S3 notifications handler, if this bucket sends notifications.
   * @default - CDK creates one
   */
  readonly notificationsHandlerRole?: IRole;
}

/**
 * A private, versioned bucket with its own customer-managed key and retention lifecycle rules.
 * Bucket and key are retained on stack deletion: they hold case data.
 */
export class EncryptedBucket extends Construct {
  readonly bucket: Bucket;
  readonly key: Key;

  constructor(scope: Construct, id: string, props: EncryptedBucketProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: `callbrief ${props.purpose} bucket`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      // One data key per bucket instead of per object: fewer KMS calls, same protection.
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      notificationsHandlerRole: props.notificationsHandlerRole,
      lifecycleRules: lifecycleRules(this, props),
    });
    this.requireBucketKeyEncryption();
    // Sovereignty-RecordingsLifecycle finds the recordings bucket by this tag.
    Tags.of(this.bucket).add(DATA_CLASS_TAG.key, props.purpose);

    acknowledge(
      this.bucket,
      PACKS.awsSolutions,
      ['S1'],
      'Server access logs can only be delivered to a bucket encrypted with SSE-S3, which ' +
        'Sovereignty-CustomerManagedEncryption forbids. Object access is audited with CloudTrail ' +
        'data events for this bucket instead (configured by the platform trail).',
    );
    acknowledge(
      this.bucket,
      PACKS.nist,
      ['S3BucketLoggingEnabled'],
      'Server access logs need an SSE-S3 target bucket, which Sovereignty-CustomerManagedEncryption ' +
        'forbids; CloudTrail data events record object access instead.',
    );
    acknowledge(
      this.bucket,
      PACKS.nist,
      ['S3BucketReplicationEnabled'],
      'aws-eusc has a single region (eusc-de-east-1) and Sovereignty-NoCrossRegionReplication ' +
        'forbids copying case data out of it. Durability comes from S3 within the region, ' +
        'versioning and the Retain deletion policy.',
    );
  }

  /**
   * Every object is encrypted with SSE-KMS under this bucket's own key: a write without
   * encryption headers gets the bucket default (this key); one that names another algorithm,
   * another key, or SSE-KMS without a key (which would mean the AWS-managed aws/s3 key) is
   * refused.
   */
  private requireBucketKeyEncryption(): void {
    const sse = 's3:x-amz-server-side-encryption';
    const sseKey = 's3:x-amz-server-side-encryption-aws-kms-key-id';
    const deny = (sid: string, conditions: Record<string, unknown>) =>
      this.bucket.addToResourcePolicy(
        new PolicyStatement({
          sid,
          effect: Effect.DENY,
          principals: [new AnyPrincipal()],
          actions: ['s3:PutObject'],
          resources: [this.bucket.arnForObjects('*')],
          conditions,
        }),
      );
    deny('DenyOtherEncryption', {
      StringNotEquals: { [sse]: 'aws:kms' },
      Null: { [sse]: 'false' },
    });
    deny('DenyOtherKey', {
      StringNotEquals: { [sseKey]: this.key.keyArn },
      Null: { [sseKey]: 'false' },
    });
    deny('DenyAwsManagedKey', { StringEquals: { [sse]: 'aws:kms' }, Null: { [sseKey]: 'true' } });
  }

  /**
   * Only `writer` may write, tag, delete or lock anything under `prefix` (e.g. erasure receipts:
   * proof of erasure nobody else can forge or remove). A bucket-policy deny, so no identity
   * policy granted later can lift it.
   */
  reservePrefixFor(prefix: string, writer: IRole): void {
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: `ReservedFor${Names.uniqueId(writer).slice(-40)}`,
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: [
          's3:PutObject',
          's3:PutObjectTagging',
          's3:PutObjectAcl',
          's3:PutObjectRetention',
          's3:PutObjectLegalHold',
          's3:DeleteObject',
          's3:DeleteObjectVersion',
          's3:DeleteObjectTagging',
        ],
        resources: [this.bucket.arnForObjects(`${prefix}*`)],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': writer.roleArn } },
      }),
    );
  }
}

function lifecycleRules(scope: Construct, props: EncryptedBucketProps): LifecycleRule[] {
  const noncurrentVersionExpiration = Duration.days(props.noncurrentVersionDays ?? 7);
  const byTag = Object.entries(props.retentionByTag?.days ?? {});
  const tooLong = byTag.filter(([, days]) => days > props.retentionDays);
  if (tooLong.length > 0) {
    throw new Error(
      `${scope.node.path}: retentionByTag ${tooLong.map(([value, days]) => `${value}=${days}`).join(', ')} ` +
        `exceeds retentionDays (${props.retentionDays}), which expires every object and would ` +
        'cut it short. Raise retentionDays to the longest class.',
    );
  }
  return [
    {
      id: 'retention',
      expiration: Duration.days(props.retentionDays),
      noncurrentVersionExpiration,
      // Tag-filtered rules cannot abort uploads: S3 allows it only in rules without tags.
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    },
    // Where rules overlap, S3 applies the earliest expiration: the class's own.
    ...byTag.map(([value, days]) => ({
      id: `class-${value}`,
      tagFilters: { [props.retentionByTag?.key ?? '']: value },
      expiration: Duration.days(days),
      noncurrentVersionExpiration,
    })),
  ];
}
