import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';
import { asArray, type JsonObject, pick } from '../cfnJson';
import { resolvedResource } from '../resolvedResource';

/** The tag that marks the bucket holding call recordings. */
export const DATA_CLASS_TAG = { key: 'callbrief:data-class', value: 'recordings' } as const;

/**
 * The recordings bucket (bucket tag `callbrief:data-class=recordings`) expires every object (`NoExpiration`: an enabled rule with ExpirationInDays and
 * no filter) and, when versioned, its old versions too (`NoNoncurrentExpiration`): otherwise an
 * expired recording lives on as a noncurrent version.
 */
export function RecordingsLifecycle(node: CfnResource): NagRuleResult {
  if (node.cfnResourceType !== 'AWS::S3::Bucket') return NagRuleCompliance.NOT_APPLICABLE;
  const { properties } = resolvedResource(node);
  if (!isRecordingsBucket(properties)) return NagRuleCompliance.NOT_APPLICABLE;
  const rules = asArray(pick(properties, 'LifecycleConfiguration', 'Rules')).filter(
    (rule) => pick(rule, 'Status') === 'Enabled',
  );
  const findings: string[] = [];
  if (
    !rules.some((rule) => typeof pick(rule, 'ExpirationInDays') === 'number' && !hasFilter(rule))
  ) {
    findings.push('NoExpiration');
  }
  const versioned = pick(properties, 'VersioningConfiguration', 'Status') === 'Enabled';
  const noncurrent = rules.some(
    (rule) =>
      typeof pick(rule, 'NoncurrentVersionExpiration', 'NoncurrentDays') === 'number' ||
      typeof pick(rule, 'NoncurrentVersionExpirationInDays') === 'number',
  );
  if (versioned && !noncurrent) findings.push('NoNoncurrentExpiration');
  return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
}

/** By its tag only: a name can change or mislead, the tag is set where the bucket is made. */
export function isRecordingsBucket(properties: JsonObject): boolean {
  return asArray(properties.Tags).some(
    (tag) => pick(tag, 'Key') === DATA_CLASS_TAG.key && pick(tag, 'Value') === DATA_CLASS_TAG.value,
  );
}

function hasFilter(rule: unknown): boolean {
  return ['Prefix', 'TagFilters', 'ObjectSizeGreaterThan', 'ObjectSizeLessThan'].some(
    (key) => pick(rule, key) !== undefined && pick(rule, key) !== '',
  );
}
