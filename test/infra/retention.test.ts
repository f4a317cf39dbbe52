import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA_CLASS_TAG } from '../../functions/shared/dataClasses';
import { EncryptedBucket } from '../../infra/constructs/EncryptedBucket';
import { DEFAULT_RETENTION_DAYS, RETENTION_OF_CLASS } from '../../infra/dataRetention';
import { synthesize } from './synthesize';

type Rule = {
  Id: string;
  Status: string;
  ExpirationInDays: number;
  NoncurrentVersionExpiration?: { NoncurrentDays: number };
  TagFilters?: { Key: string; Value: string }[];
  AbortIncompleteMultipartUpload?: unknown;
};

const idOf = (construct: IConstruct) =>
  Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);

function lifecycleRules(context: Record<string, unknown>, name: string): Rule[] {
  const { stack, template } = synthesize(name, context);
  const resources = template.toJSON().Resources as Record<string, { Properties: object }>;
  const bucket = resources[idOf(stack.results.bucket)]?.Properties as {
    LifecycleConfiguration: { Rules: Rule[] };
  };
  return bucket.LifecycleConfiguration.Rules;
}

/** `{ 'summary': 365, ... }` from the tag-filtered rules. */
const daysByClass = (rules: Rule[]) =>
  Object.fromEntries(
    rules
      .filter((rule) => rule.TagFilters)
      .map((rule) => [rule.TagFilters?.[0]?.Value, rule.ExpirationInDays]),
  );

describe('Stack: Callbrief (results retention per artifact class)', () => {
  let rules: Rule[];

  beforeAll(() => {
    rules = lifecycleRules({}, 'retention-default');
  });

  it('has one lifecycle rule per callbrief:class tag value, with its days', () => {
    const classRules = rules.filter((rule) => rule.TagFilters);
    expect(classRules).toHaveLength(Object.keys(RETENTION_OF_CLASS).length);
    for (const rule of classRules) {
      expect(rule.TagFilters).toEqual([{ Key: DATA_CLASS_TAG, Value: expect.any(String) }]);
      expect(rule).toMatchObject({
        Status: 'Enabled',
        NoncurrentVersionExpiration: { NoncurrentDays: 7 },
      });
    }
    expect(daysByClass(rules)).toEqual({
      'recording-info': 365,
      transcript: 90,
      'unredacted-transcript': 7,
      translation: 90,
      summary: 365,
      'error-record': 30,
      handoff: 30,
      'erasure-receipt': 3650,
      'live-segment': 90,
      'access-log': 365,
    });
  });

  it('expires untagged objects after the longest class, and aborts stale uploads there', () => {
    expect(rules.filter((rule) => !rule.TagFilters)).toEqual([
      {
        Id: 'retention',
        Status: 'Enabled',
        ExpirationInDays: DEFAULT_RETENTION_DAYS.erasureReceipt,
        NoncurrentVersionExpiration: { NoncurrentDays: 7 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
    ]);
  });

  it('takes the days from context retentionDays, leaving the other classes at their default', () => {
    // Act
    const custom = lifecycleRules(
      { retentionDays: '{"summary":730,"unredactedTranscript":"1","erasureReceipt":1000}' },
      'retention-context',
    );

    // Assess
    expect(daysByClass(custom)).toMatchObject({
      summary: 730,
      'unredacted-transcript': 1,
      'erasure-receipt': 1000,
      transcript: 90,
    });
    expect(custom.find((rule) => rule.Id === 'retention')?.ExpirationInDays).toBe(1000);
  });
});

describe('Construct: EncryptedBucket', () => {
  it('refuses a class that would outlive the bucket-wide expiration', () => {
    const stack = new Stack();

    expect(
      () =>
        new EncryptedBucket(stack, 'Bucket', {
          purpose: 'results',
          retentionDays: 30,
          retentionByTag: { key: 'class', days: { summary: 365, handoff: 30 } },
        }),
    ).toThrow(/Bucket: retentionByTag summary=365 exceeds retentionDays \(30\)/);
  });

  it('tags the bucket with its purpose', () => {
    const { template } = synthesize('retention-tags');
    const tags = Object.values(template.findResources('AWS::S3::Bucket')).map(
      (bucket) => (bucket as { Properties: { Tags: unknown } }).Properties.Tags,
    );

    expect(tags).toEqual([
      [{ Key: 'callbrief:data-class', Value: 'recordings' }],
      [{ Key: 'callbrief:data-class', Value: 'results' }],
    ]);
  });
});
