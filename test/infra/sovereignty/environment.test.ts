import { Stack, Validations } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, euscStack, findingsOf, sovereigntyFindings, testApp } from './support';

/** Stack rules: checked once per stack, reported on its first resource. */
describe('Rules: ExplicitEnvironment, RegionInPartition, PartitionLiteral', () => {
  it('Noncompliance 1: an environment-agnostic stack fails all three', () => {
    // Prepare
    const app = testApp({ failOnFindings: false });
    new Topic(new Stack(app, 'Agnostic'), 'Topic');

    // Act
    const findings = sovereigntyFindings(app);

    // Assess
    expect(findingsOf(findings, 'ExplicitEnvironment')).toEqual([
      { rule: 'Sovereignty-ExplicitEnvironment', path: 'Topic/Resource' },
    ]);
    expect(findingsOf(findings, 'RegionInPartition')).toHaveLength(1);
    expect(findingsOf(findings, 'PartitionLiteral')).toHaveLength(1);
  });

  it('Noncompliance 2: a region of the commercial partition fails RegionInPartition', () => {
    const app = testApp({ failOnFindings: false });
    new Topic(
      new Stack(app, 'Frankfurt', { env: { account: ACCOUNT, region: 'eu-central-1' } }),
      'Topic',
    );

    const findings = sovereigntyFindings(app);

    expect(findingsOf(findings, 'ExplicitEnvironment')).toEqual([]);
    expect(findingsOf(findings, 'RegionInPartition')).toHaveLength(1);
    // The literal is `aws` there, not `aws-eusc`.
    expect(findingsOf(findings, 'PartitionLiteral')).toHaveLength(1);
  });

  it('Noncompliance 3: without the partition-literal flag, PartitionLiteral fails', () => {
    const app = testApp({ failOnFindings: false, partitionLiterals: false });
    new Topic(euscStack(app), 'Topic');

    const findings = sovereigntyFindings(app);

    expect(findingsOf(findings, 'PartitionLiteral')).toHaveLength(1);
    expect(findingsOf(findings, 'RegionInPartition')).toEqual([]);
  });

  it('Compliance: a stack pinned to eusc-de-east-1 with partition literals passes all three', () => {
    const app = testApp({ failOnFindings: false });
    new Topic(euscStack(app), 'Topic');

    const findings = sovereigntyFindings(app);

    for (const rule of ['ExplicitEnvironment', 'RegionInPartition', 'PartitionLiteral']) {
      expect(findingsOf(findings, rule)).toEqual([]);
    }
  });
});

describe('Rule: AcknowledgementReason', () => {
  it('Noncompliance 1: an acknowledgement without a reason is a finding naming the rule', () => {
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    const topic = new Topic(stack, 'Topic');
    Validations.of(topic).acknowledge({ id: 'Sovereignty-CustomerManagedEncryption', reason: ' ' });

    const findings = sovereigntyFindings(app);

    expect(findingsOf(findings, 'AcknowledgementReason')).toEqual([
      {
        rule: 'Sovereignty-AcknowledgementReason[Sovereignty-CustomerManagedEncryption]',
        path: 'Topic/Resource',
      },
    ]);
  });

  it('Compliance: an acknowledgement with a reason suppresses the finding', () => {
    const app = testApp({ failOnFindings: false });
    const topic = new Topic(euscStack(app), 'Topic');
    Validations.of(topic).acknowledge({
      id: 'Sovereignty-CustomerManagedEncryption',
      reason: 'Test topic carries no case data.',
    });

    const findings = sovereigntyFindings(app);

    expect(findingsOf(findings, 'AcknowledgementReason')).toEqual([]);
    expect(findingsOf(findings, 'CustomerManagedEncryption')).toEqual([]);
  });
});
