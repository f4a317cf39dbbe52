import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';
import {
  asArray,
  directReference,
  type JsonObject,
  pick,
  statementsOf,
  stringsOf,
} from '../cfnJson';
import { logicalIdOf, resolvedResource } from '../resolvedResource';

/** Resource type -> its policy type, the property naming the resource, and its service. */
const POLICIES: Record<string, { policy: string; target: string; service: string }> = {
  'AWS::S3::Bucket': { policy: 'AWS::S3::BucketPolicy', target: 'Bucket', service: 's3' },
  'AWS::SQS::Queue': { policy: 'AWS::SQS::QueuePolicy', target: 'Queues', service: 'sqs' },
};

/**
 * Buckets and queues refuse plain HTTP: a bucket or queue policy of the stack denies every
 * action when `aws:SecureTransport` is false. Checked on the bucket/queue (it has such a policy)
 * and on each bucket/queue policy (it contains the statement).
 */
export function TlsOnly(node: CfnResource): NagRuleResult {
  const type = node.cfnResourceType;
  const owned = POLICIES[type];
  if (owned) {
    const id = logicalIdOf(node);
    const policies = Stack.of(node)
      .node.findAll()
      .filter(
        (c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === owned.policy,
      )
      .map((policy) => resolvedResource(policy).properties)
      .filter((policy) => asArray(policy[owned.target]).some((ref) => directReference(ref) === id));
    return policies.some((policy) => deniesPlainHttp(policy, owned.service))
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  }
  const service = Object.values(POLICIES).find((entry) => entry.policy === type)?.service;
  if (!service) return NagRuleCompliance.NOT_APPLICABLE;
  return deniesPlainHttp(resolvedResource(node).properties, service)
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}

function deniesPlainHttp(policy: JsonObject, service: string): boolean {
  return statementsOf(policy.PolicyDocument).some((statement) => {
    const secure = pick(statement, 'Condition', 'Bool', 'aws:SecureTransport');
    const actions = stringsOf(statement.Action);
    const principal = statement.Principal;
    return (
      statement.Effect === 'Deny' &&
      (secure === 'false' || secure === false) &&
      (actions.includes('*') || actions.includes(`${service}:*`)) &&
      (principal === '*' || pick(principal, 'AWS') === '*')
    );
  });
}
