import { Validations } from 'aws-cdk-lib';
import { isObject } from '../cfnJson';
import type { AssemblyInput, ViolationJson } from './cloudAssembly';
import { compareText, displayPath, sortBy, sortedUnique } from './text';

export interface Acknowledgement {
  /** Rule id as acknowledged, e.g. `AwsSolutions-IAM5[Action::s3:*]`. */
  readonly id: string;
  readonly reason: string;
  /** Construct path the acknowledgement was made on (it covers everything below). */
  readonly scope: string;
  /**
   * Findings CDK reports as suppressed by it. Empty for plain ids (`Pack-Rule`), which cdk-nag
   * filters before CDK sees them; the namespaced form (`Pack::Pack-Rule`) lists them.
   */
  readonly suppressed: readonly { readonly rule: string; readonly resources: readonly string[] }[];
}

export interface OpenFinding {
  readonly pack: string;
  readonly rule: string;
  readonly severity: string;
  readonly resources: readonly string[];
}

/**
 * Every `Validations.of(scope).acknowledge({ id, reason })` of the app: from the stacks'
 * metadata, plus those CDK reports as suppressing a finding from a scope outside any stack
 * (the App itself), which the stacks' metadata does not carry.
 */
export function acknowledgements(assembly: AssemblyInput): Acknowledgement[] {
  const suppressed = assembly.pluginReports.flatMap((report) => report.suppressedViolations ?? []);
  const found = new Map<string, { qualifiedId: string; reason: string; scope: string }>();
  const add = (qualifiedId: string, reason: string, scope: string) => {
    found.set(`${qualifiedId}\u0000${scope}`, { qualifiedId, reason, scope });
  };
  for (const stack of assembly.stacks) {
    for (const [path, metadata] of Object.entries(stack.metadata)) {
      for (const entry of metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        if (!isObject(entry.data)) continue;
        for (const [qualifiedId, reason] of Object.entries(entry.data)) {
          add(qualifiedId, String(reason), path.replace(/^\//, ''));
        }
      }
    }
  }
  for (const violation of suppressed) {
    const { acknowledgedId, acknowledgedAt = '', reason } = violation;
    if (acknowledgedId === undefined) continue;
    if (!found.has(`${acknowledgedId}\u0000${acknowledgedAt}`)) {
      add(acknowledgedId, String(reason ?? ''), acknowledgedAt);
    }
  }
  const entries = [...found.values()].map(({ qualifiedId, reason, scope }) => ({
    id: qualifiedId.replace(/^annotation::/i, ''),
    reason,
    scope: scope === '' ? '(app)' : scope,
    suppressed: suppressedBy(suppressed, qualifiedId, scope),
  }));
  return sortBy(entries, (entry) => `${entry.id}\u0000${entry.scope}`);
}

function suppressedBy(violations: readonly ViolationJson[], id: string, scope: string) {
  return sortBy(
    violations
      .filter(
        (violation) =>
          violation.acknowledgedId === id && (violation.acknowledgedAt ?? '') === scope,
      )
      .map((violation) => ({ rule: violation.ruleName, resources: resourcesOf(violation) })),
    (item) => item.rule,
  );
}

function resourcesOf(violation: ViolationJson): string[] {
  return sortedUnique(
    violation.violatingConstructs.map((construct) => displayPath(construct.constructPath)),
  );
}

/** Findings nobody fixed or acknowledged, from validation-report.json. */
export function openFindings(assembly: AssemblyInput): OpenFinding[] {
  const findings = assembly.pluginReports.flatMap((report) =>
    report.violations.map((violation) => ({
      pack: report.pluginName,
      rule: violation.ruleName,
      severity: violation.severity ?? 'unknown',
      resources: resourcesOf(violation),
    })),
  );
  return findings.sort((a, b) => compareText(a.pack, b.pack) || compareText(a.rule, b.rule));
}
