import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IConstruct } from 'constructs';

const ID = 'FunctionEnvironmentKey';

/**
 * The customer-managed key every callbrief function's environment variables are encrypted
 * with (instead of Lambda's AWS-managed key): one per stack, created by the first function.
 */
export function functionEnvironmentKey(scope: IConstruct): Key {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(ID);
  if (existing instanceof Key) return existing;
  return new Key(stack, ID, {
    description: 'callbrief: Lambda environment variables',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
