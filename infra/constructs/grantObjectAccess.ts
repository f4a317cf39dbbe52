import type { Role } from 'aws-cdk-lib/aws-iam';
import { acknowledge, nagArnOf, PACKS } from '../sovereignty/acknowledge';
import type { EncryptedBucket } from './EncryptedBucket';

export type ObjectAccess = 'read' | 'readWrite';

/** Wildcard actions aws-cdk-lib's bucket grants write (with the bucket key's actions). */
const WILDCARD_ACTIONS: Readonly<Record<ObjectAccess, readonly string[]>> = {
  read: ['s3:GetBucket*', 's3:GetObject*', 's3:List*'],
  readWrite: [
    's3:Abort*',
    's3:DeleteObject*',
    's3:GetBucket*',
    's3:GetObject*',
    's3:List*',
    'kms:GenerateDataKey*',
    'kms:ReEncrypt*',
  ],
};

/**
 * Grants a function's role `bucket.grantRead` / `grantReadWrite` on the objects matching
 * `keyPattern`, and acknowledges the wildcards (AwsSolutions-IAM5) that grant writes on that
 * role: CDK's action groups, and the object-key wildcard.
 */
export function grantObjectAccess(
  role: Role,
  bucket: EncryptedBucket,
  keyPattern: string,
  access: ObjectAccess,
): void {
  if (access === 'read') bucket.bucket.grantRead(role, keyPattern);
  else bucket.bucket.grantReadWrite(role, keyPattern);

  acknowledge(
    role,
    PACKS.awsSolutions,
    WILDCARD_ACTIONS[access].map((action) => `IAM5[Action::${action}]`),
    'Action groups written by aws-cdk-lib grant methods (bucket.grantRead/grantReadWrite, ' +
      'queue.grantSendMessages): every statement with them names only buckets and KMS keys of ' +
      'this stack, never Resource "*".',
  );
  acknowledge(
    role,
    PACKS.awsSolutions,
    [`IAM5[Resource::${nagArnOf(bucket.bucket)}/${keyPattern}]`],
    keyPattern === '*'
      ? 'Object keys are derived from case and contact ids (functions/shared/artifactKeys.ts), ' +
          'unknown at deploy time; every stage reads and writes artifacts of any case in this bucket.'
      : `Object keys of recordings are unknown at deploy time; access is limited to the ` +
          `recordings prefix (${keyPattern}).`,
  );
}
