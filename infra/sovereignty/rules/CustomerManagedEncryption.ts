import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';
import { ENCRYPTED_TYPES, encryptionOf } from '../encryption';
import { isAppKmsKey, resolvedResource } from '../resolvedResource';

/**
 * Buckets, queues, topics, log groups, tables and schedules are encrypted with a KMS key of this
 * app (a Ref/GetAtt to an AWS::KMS::Key, or an alias of one): not SSE-S3, not SQS-managed SSE,
 * not Scheduler's AWS owned key, not `alias/aws/*`. Only a customer-managed key lets the authority revoke access or erase by
 * deleting the key.
 */
export function CustomerManagedEncryption(node: CfnResource): NagRuleResult {
  if (!ENCRYPTED_TYPES.has(node.cfnResourceType)) return NagRuleCompliance.NOT_APPLICABLE;
  const { type, properties } = resolvedResource(node);
  const encryption = encryptionOf(type, properties);
  if (encryption?.kind !== 'kms') return NagRuleCompliance.NON_COMPLIANT;
  return encryption.keys.every((key) => isAppKmsKey(node, key))
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}
