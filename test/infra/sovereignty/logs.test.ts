import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { euscStack, findingsOf, sovereigntyFindings, testApp } from './support';

const fn = (scope: Construct, id: string, logGroup?: LogGroup) =>
  new LambdaFunction(scope, id, {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: Code.fromInline('export const handler = async () => {};'),
    logGroup,
  });

describe('Rule: BoundedLogRetention', () => {
  it('Noncompliance 1: a log group that never expires', () => {
    // Prepare
    const app = testApp({ failOnFindings: false });
    new LogGroup(euscStack(app), 'Logs', { retention: RetentionDays.INFINITE });

    // Act & Assess
    expect(findingsOf(sovereigntyFindings(app), 'BoundedLogRetention')).toEqual([
      { rule: 'Sovereignty-BoundedLogRetention[NoRetention]', path: 'Logs/Resource' },
    ]);
  });

  it("Noncompliance 2: a function without a log group logs into Lambda's implicit one", () => {
    const app = testApp({ failOnFindings: false });
    fn(euscStack(app), 'Fn');

    expect(findingsOf(sovereigntyFindings(app), 'BoundedLogRetention')).toEqual([
      { rule: 'Sovereignty-BoundedLogRetention[ImplicitLogGroup]', path: 'Fn/Resource' },
    ]);
  });

  it('Compliance: a retained log group, passed to one function and named after another', () => {
    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    fn(stack, 'WithLogGroup', new LogGroup(stack, 'Logs', { retention: RetentionDays.ONE_MONTH }));
    const named = fn(stack, 'WithNamedGroup');
    new LogGroup(stack, 'NamedLogs', {
      logGroupName: `/aws/lambda/${named.functionName}`,
      retention: RetentionDays.ONE_MONTH,
    });

    expect(findingsOf(sovereigntyFindings(app), 'BoundedLogRetention')).toEqual([]);
  });
});
