import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface EncryptedBucketProps {
  /** What the bucket holds, for the key's description. */
  readonly purpose: string;
  /** Days after which current objects expire. */
  readonly retentionDays: number;
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
 * A private, versioned bucket with its own customer-managed key and a retention lifecycle.
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
      lifecycleRules: [
        {
          id: 'retention',
          expiration: Duration.days(props.retentionDays),
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays ?? 7),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
  }
}
