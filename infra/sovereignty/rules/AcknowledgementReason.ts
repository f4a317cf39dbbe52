import { type CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { isObject } from '../cfnJson';

/**
 * Stack rule: every `Validations.of(scope).acknowledge({ id, reason })` in the stack (or on its
 * ancestors) gives a reason. An acknowledgement is a decision someone must be able to audit.
 * Findings: the acknowledged rule id.
 */
export function AcknowledgementReason(node: CfnResource): NagRuleResult {
  const stack = Stack.of(node);
  const findings = new Set<string>();
  for (const scope of [...ancestors(stack), ...stack.node.findAll()]) {
    for (const entry of scope.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !isObject(entry.data))
        continue;
      for (const [id, reason] of Object.entries(entry.data)) {
        if (typeof reason !== 'string' || reason.trim() === '') {
          findings.add(id.replace(/^annotation::/i, ''));
        }
      }
    }
  }
  return findings.size > 0 ? [...findings].sort() : NagRuleCompliance.COMPLIANT;
}

function ancestors(scope: IConstruct): IConstruct[] {
  return scope.node.scopes.slice(0, -1);
}
