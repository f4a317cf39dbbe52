import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Rule packs whose findings callbrief acknowledges; the value is the cdk-nag pack name. */
export const PACKS = {
  awsSolutions: 'AwsSolutions',
  nist: 'NIST.800.53.R5',
} as const;
export type Pack = (typeof PACKS)[keyof typeof PACKS];

/**
 * Acknowledges findings of one pack on `scope` (and everything below it) with a reason, in the
 * namespaced form `<Pack>::<Pack>-<Rule>[<finding>]`, e.g.
 * `AwsSolutions::AwsSolutions-IAM5[Action::s3:List*]`. CDK matches that form exactly and records
 * which findings each acknowledgement suppressed, so the sovereignty report can list them.
 * Acknowledge on the resource (or the construct that owns it), never on the app.
 */
export function acknowledge(
  scope: IConstruct,
  pack: Pack,
  rules: readonly string[],
  reason: string,
): void {
  Validations.of(scope).acknowledge(
    ...rules.map((rule) => ({ id: `${pack}::${pack}-${rule}`, reason })),
  );
}

/**
 * How cdk-nag renders `{ Fn::GetAtt: [<logical id>, 'Arn'] }` of an L2 construct's resource in
 * IAM5 findings, e.g. `<ResultsBucket46167C27.Arn>`.
 */
export function nagArnOf(construct: IConstruct): string {
  const resource = construct.node.defaultChild as CfnElement;
  return `<${Stack.of(construct).getLogicalId(resource)}.Arn>`;
}
