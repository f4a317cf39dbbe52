import { CfnOutput, CfnResource, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { directReference, isObject, type JsonObject } from './cfnJson';

/** A resource as it appears in the template: overrides applied, tokens resolved. */
export interface ResolvedResource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: JsonObject;
  readonly deletionPolicy?: string;
}

/** Renders one resource the way synthesis writes it into the template. */
export function resolvedResource(node: CfnResource): ResolvedResource {
  const stack = Stack.of(node);
  const fragment = stack.resolve(node._toCloudFormation()) as { Resources?: JsonObject };
  const [logicalId, entry] = Object.entries(fragment.Resources ?? {})[0] ?? [];
  const body = isObject(entry) ? entry : {};
  return {
    logicalId: logicalId ?? stack.resolve(node.logicalId),
    type: node.cfnResourceType,
    properties: isObject(body.Properties) ? body.Properties : {},
    ...(typeof body.DeletionPolicy === 'string' ? { deletionPolicy: body.DeletionPolicy } : {}),
  };
}

export function logicalIdOf(node: CfnResource): string {
  return Stack.of(node).resolve(node.logicalId);
}

/** The resource of `stack` with that logical id. */
export function findResource(stack: Stack, logicalId: string): CfnResource | undefined {
  return stack.node
    .findAll()
    .find(
      (child): child is CfnResource =>
        CfnResource.isCfnResource(child) &&
        Stack.of(child) === stack &&
        logicalIdOf(child) === logicalId,
    );
}

/**
 * The app resource a property value points to: a Ref/GetAtt in the same stack, or an
 * `Fn::ImportValue` of an export another stack of the app produces from a Ref/GetAtt.
 */
export function referencedResource(from: IConstruct, value: unknown): CfnResource | undefined {
  const stack = Stack.of(from);
  const local = directReference(value);
  if (local) return findResource(stack, local);
  const exportName = isObject(value) ? value['Fn::ImportValue'] : undefined;
  if (typeof exportName !== 'string') return undefined;
  for (const output of from.node.root.node.findAll()) {
    if (!(output instanceof CfnOutput)) continue;
    const producer = Stack.of(output);
    if (producer.resolve(output.exportName) !== exportName) continue;
    const target = directReference(producer.resolve(output.value));
    return target ? findResource(producer, target) : undefined;
  }
  return undefined;
}

/** True when `value` names a KMS key of this app (directly, or through an alias of the app). */
export function isAppKmsKey(from: IConstruct, value: unknown): boolean {
  const target = referencedResource(from, value);
  if (!target) return false;
  if (target.cfnResourceType === 'AWS::KMS::Key') return true;
  if (target.cfnResourceType !== 'AWS::KMS::Alias') return false;
  const alias = resolvedResource(target);
  const aliasTarget = referencedResource(target, alias.properties.TargetKeyId);
  return aliasTarget?.cfnResourceType === 'AWS::KMS::Key';
}
