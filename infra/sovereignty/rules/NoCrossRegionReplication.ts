import { type CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';
import { asArray, pick } from '../cfnJson';
import { referencedResource, resolvedResource } from '../resolvedResource';

/**
 * Data is not replicated out of the stack's region: S3 replication targets a bucket of this app
 * in the same region (S3 ARNs carry no region, so an ARN that is not a reference cannot be
 * proven local), and DynamoDB global-table replicas and ECR replication stay in the region.
 * Findings: the destination region, or `unverifiable`.
 */
export function NoCrossRegionReplication(node: CfnResource): NagRuleResult {
  const { type, properties } = resolvedResource(node);
  const region = Stack.of(node).region;
  let destinations: string[];
  switch (type) {
    case 'AWS::S3::Bucket':
      destinations = asArray(pick(properties, 'ReplicationConfiguration', 'Rules')).map((rule) => {
        const target = referencedResource(node, pick(rule, 'Destination', 'Bucket'));
        if (target?.cfnResourceType !== 'AWS::S3::Bucket') return 'unverifiable';
        return Stack.of(target).region;
      });
      break;
    case 'AWS::DynamoDB::GlobalTable':
      destinations = asArray(properties.Replicas).map((replica) => String(pick(replica, 'Region')));
      break;
    case 'AWS::ECR::ReplicationConfiguration':
      destinations = asArray(pick(properties, 'ReplicationConfiguration', 'Rules'))
        .flatMap((rule) => asArray(pick(rule, 'Destinations')))
        .map((destination) => String(pick(destination, 'Region')));
      break;
    default:
      return NagRuleCompliance.NOT_APPLICABLE;
  }
  const elsewhere = [...new Set(destinations.filter((destination) => destination !== region))];
  return elsewhere.length > 0 ? elsewhere.sort() : NagRuleCompliance.COMPLIANT;
}
