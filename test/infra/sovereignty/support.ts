import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { SovereigntyChecks } from '../../../infra/sovereignty/SovereigntyChecks';

export const ACCOUNT = '123456789012';
export const EUSC = { account: ACCOUNT, region: 'eusc-de-east-1' } as const;

export interface TestAppOptions {
  /** false: synth completes and leaves the findings in validation-report.json. @default true */
  failOnFindings?: boolean;
  /** @default true, as in cdk.json */
  partitionLiterals?: boolean;
}

/**
 * An app configured like ours (partition literals on), synthesizing in memory into a scratch
 * folder: with `failOnFindings`, an error finding makes `app.synth()` throw.
 */
export function testApp({ failOnFindings = true, partitionLiterals = true }: TestAppOptions = {}) {
  return new App({
    outdir: mkdtempSync(join(tmpdir(), 'callbrief-sovereignty-')),
    context: {
      '@aws-cdk/core:enablePartitionLiterals': partitionLiterals,
      '@aws-cdk/core:failSynthOnValidationErrors': failOnFindings,
      '@aws-cdk/core:appMode': 'inmemory',
    },
  });
}

export function euscStack(app: App, id = 'Test', props: StackProps = {}): Stack {
  return new Stack(app, id, { env: EUSC, ...props });
}

/** Synthesizes, lets `read` look at the cloud assembly, then removes it. */
export function withSynth<T>(app: App, read: (outdir: string) => T): T {
  try {
    app.synth();
    return read(app.outdir);
  } finally {
    rmSync(app.outdir, { recursive: true, force: true });
  }
}

/** The message synth fails with, or undefined when it succeeds. */
export function synthError(app: App): string | undefined {
  try {
    withSynth(app, () => undefined);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export interface Finding {
  /** e.g. `Sovereignty-EuAiEndpoints[translation.baseUrl=api.openai.com]` */
  readonly rule: string;
  /** Construct path below the stack, e.g. `Queue/Resource`. */
  readonly path: string;
}

interface ValidationReport {
  pluginReports: {
    pluginName: string;
    violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

/**
 * Runs the Sovereignty pack alone on an app made with `testApp({ failOnFindings: false })` and
 * returns its unacknowledged findings, sorted.
 */
export function sovereigntyFindings(app: App): Finding[] {
  Validations.of(app).addPlugins(new SovereigntyChecks(app));
  return withSynth(app, (outdir) => {
    const report: ValidationReport = JSON.parse(
      readFileSync(join(outdir, 'validation-report.json'), 'utf8'),
    );
    return report.pluginReports
      .filter((plugin) => plugin.pluginName === 'Sovereignty')
      .flatMap((plugin) => plugin.violations)
      .flatMap((violation) =>
        violation.violatingConstructs.map((construct) => ({
          rule: violation.ruleName,
          path: construct.constructPath.split('/').slice(1).join('/'),
        })),
      )
      .sort((a, b) => `${a.rule} ${a.path}`.localeCompare(`${b.rule} ${b.path}`));
  });
}

/** Findings of one rule (its id with or without a `[finding]` suffix). */
export function findingsOf(findings: readonly Finding[], rule: string): Finding[] {
  return findings.filter(
    (finding) =>
      finding.rule === `Sovereignty-${rule}` || finding.rule.startsWith(`Sovereignty-${rule}[`),
  );
}
