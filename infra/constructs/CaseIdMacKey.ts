import { RemovalPolicy } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * The app's HMAC key (KMS, HMAC_256): erasure markers and receipts name a case only as
 * HMAC-SHA256(case id) under it (functions/core/erasure/caseIdMac.ts). The key material never
 * leaves KMS, so nobody holding a receipt can recover the case id by trying candidates, and a
 * role can be allowed to compute MACs (kms:GenerateMac) without any way to export the key.
 * KMS does not rotate HMAC keys; rotating would also change every marker's name. Retained:
 * markers and receipts outlive the stack.
 */
export class CaseIdMacKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'callbrief: HMAC of case ids in erasure markers and receipts',
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Lets a function name cases: kms:GenerateMac on this key, nothing else. */
  grantGenerateMac(grantee: IGrantable): void {
    this.key.grant(grantee, 'kms:GenerateMac');
  }
}
