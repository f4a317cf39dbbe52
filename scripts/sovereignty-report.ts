/**
 * Writes the sovereignty report: where callbrief's data lies, who operates and who can access
 * it, under which law, with the evidence (resources, keys, retention, permissions, external data
 * flows, acknowledgements, open findings).
 *
 *   npm run sovereignty-report -- [--out DIR] [--assembly CDK_OUT] [-c key=value ...] [--strict]
 *
 * --out       output folder (default: sovereignty-report) for report.md and report.json
 * --assembly  read an existing cloud assembly (e.g. cdk.out) instead of synthesizing the app
 * -c          CDK context for the synthesis, as with `cdk synth -c key=value`
 * --strict    exit 1 while error findings are open
 * --help      print this text
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigurationError } from '../functions/shared/errors';
import { buildReport, type SovereigntyReport } from '../infra/sovereignty/report/buildReport';
import { readCloudAssembly } from '../infra/sovereignty/report/cloudAssembly';
import { synthesizeApp } from '../infra/sovereignty/report/synthesizeApp';
import { writeReport } from '../infra/sovereignty/report/writeReport';

export interface ReportRun {
  report: SovereigntyReport;
  files: string[];
}

export function main(argv: string[] = process.argv.slice(2)): ReportRun {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string', default: 'sovereignty-report' },
      assembly: { type: 'string' },
      context: { type: 'string', short: 'c', multiple: true, default: [] },
      strict: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) throw new UsageRequested();
  const report = buildReport(
    values.assembly
      ? readCloudAssembly(values.assembly)
      : synthesizeAndRead(contextOf(values.context)),
  );
  const files = writeReport(report, values.out);
  return { report, files };
}

const USAGE = `npm run sovereignty-report -- [--out DIR] [--assembly CDK_OUT] [-c key=value ...] [--strict]

Writes the sovereignty report (report.md and report.json): where the data lies, who operates
and can access it, under which law, with the evidence.

  --out DIR            output folder (default: sovereignty-report)
  --assembly CDK_OUT   read an existing cloud assembly instead of synthesizing the app
  -c key=value         CDK context for the synthesis, as with cdk synth -c
  --strict             exit 1 while error findings are open
  --help               show this help and do nothing else`;

class UsageRequested extends Error {
  constructor() {
    super(USAGE);
    this.name = 'UsageRequested';
  }
}

/** parseArgs reports unknown or malformed options with these codes. */
const isUsageError = (error: unknown) =>
  error instanceof UsageRequested ||
  String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');

function contextOf(pairs: string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new ConfigurationError(`-c expects key=value, got "${pair}"`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

function synthesizeAndRead(context: Record<string, string>) {
  const outdir = mkdtempSync(join(tmpdir(), 'callbrief-report-'));
  try {
    synthesizeApp(context, outdir);
    return readCloudAssembly(outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // The report is about the templates; CloudFormation's own validation (3 s) adds nothing here.
  process.env.CDK_VALIDATION ??= 'false';
  try {
    const { report, files } = main();
    const errors = report.openFindings.filter((finding) => finding.severity === 'error');
    console.log(
      `Wrote ${files.map((file) => relative(process.cwd(), file)).join(' and ')}: ` +
        `${report.resources.length} resources, ${report.dataFlows.length} external data flows, ` +
        `${report.acknowledgements.length} acknowledgements, ${errors.length} open error findings.`,
    );
    if (errors.length > 0 && process.argv.includes('--strict')) process.exitCode = 1;
  } catch (error) {
    if (!(error instanceof ConfigurationError) && !isUsageError(error)) throw error;
    if (!(error instanceof UsageRequested)) console.error((error as Error).message);
    // Asked-for help goes to stdout; usage after a mistake to stderr.
    if (error instanceof UsageRequested) console.log(`Usage: ${USAGE}`);
    else if (isUsageError(error)) console.error(`Usage: ${USAGE}`);
    process.exitCode = error instanceof UsageRequested ? 0 : 1;
  }
}
