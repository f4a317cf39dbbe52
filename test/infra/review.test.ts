import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CallbriefStack } from '../../infra/stacks/CallbriefStack';
import { synthesize } from './synthesize';

type Resource = { Type: string; Properties: Record<string, unknown> };
let stack: CallbriefStack;
let resources: Record<string, Resource>;
let outputs: Record<string, unknown>;

const idOf = (construct: IConstruct) =>
  Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);

beforeAll(() => {
  const { stack: built, template } = synthesize('review');
  stack = built;
  const json = template.toJSON() as {
    Resources: Record<string, Resource>;
    Outputs: Record<string, unknown>;
  };
  resources = json.Resources;
  outputs = json.Outputs;
});

describe('Construct: ReviewWorker', () => {
  it('feeds a review function from an encrypted queue with a dead-letter queue and an output', () => {
    const queue = resources[idOf(stack.review.input.queue)]?.Properties ?? {};
    expect(queue.KmsMasterKeyId).toBeDefined();
    expect(queue.RedrivePolicy).toBeDefined();
    expect(Object.keys(outputs)).toContain('ReviewQueueUrl');
    const fn = resources[idOf(stack.review.fn)]?.Properties ?? {};
    expect(fn.Runtime).toBe('nodejs24.x');
  });

  it('may read summaries and write review records, but delete nothing and see no recordings', () => {
    const roleId = idOf(stack.review.fn.role as unknown as IConstruct);
    const statements = Object.values(resources)
      .filter(
        (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleId),
      )
      .flatMap(
        (r) =>
          (
            r.Properties.PolicyDocument as {
              Statement: Array<{ Action: unknown; Resource: unknown }>;
            }
          ).Statement,
      );
    const text = JSON.stringify(statements);
    expect(text).toContain('summary.corrected.json');
    expect(text).not.toMatch(/s3:Delete/);
    expect(text).not.toContain(idOf(stack.recordings.bucket));
  });
});
