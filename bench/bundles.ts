// Measures each stage's Lambda bundle: minified size and module load time in a fresh Node
// process, beside a reference bundle that makes the same AWS SDK calls and nothing else
// (bench/referenceHandler.ts). Stages are built as the stack builds them, for the deployable
// default configuration (config/eusc.json).
//   node --import tsx bench/bundles.ts [--runs 15] [--json FILE]
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { build } from 'esbuild';
import { REPO_ROOT } from '../infra/config';
import { lambdaEsbuildOptions } from '../infra/constructs/lambdaBundling';
import { buildOnDemandModules } from '../infra/constructs/onDemandModules';
import { loadLambdaPipelineConfig } from '../infra/lambdaPipelineConfig';
import { providerBundleDefines } from '../infra/providerBundling';
import { median } from '../local/statistics';
import {
  describeCalls,
  type FunctionName,
  referenceHandlerSource,
  sdkCallsOf,
} from './referenceHandler';

const run = promisify(execFile);
const FUNCTIONS: FunctionName[] = [
  'ingest',
  'transcribe',
  'translate',
  'summarize',
  'publish',
  'erase',
  'review',
  'reconcile',
];

/** Builds as the stack builds a function (infra/constructs/lambdaBundling.ts). */
async function bundle(
  input: { entry: string } | { source: string },
  outfile: string,
  define: Record<string, string> = {},
): Promise<number> {
  await build({
    ...lambdaEsbuildOptions(define),
    // A generated reference resolves its packages from the repository, as the stage does.
    ...('entry' in input
      ? { entryPoints: [input.entry] }
      : { stdin: { contents: input.source, resolveDir: REPO_ROOT, loader: 'ts' } }),
    outfile,
    logLevel: 'silent',
  });
  return (await stat(outfile)).size;
}

async function loadMs(file: string): Promise<number> {
  // Data (the name gazetteer) is read and indexed as functions/redaction/nameGazetteer.ts does.
  const script = file.endsWith('.json')
    ? `const t=performance.now();const j=JSON.parse((await import('node:fs')).readFileSync(${JSON.stringify(file)},'utf8'));new Set(j.first);new Set(j.last);console.log(performance.now()-t)`
    : `const t=performance.now();await import(${JSON.stringify(pathToFileURL(file).href)});console.log(performance.now()-t)`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
  return Number(stdout.trim());
}

/** A decoder built beside a function's bundle and imported only for the recordings needing it. */
export interface OnDemandFigure {
  name: string;
  bytes: number;
  /** Import of the module alone in a fresh process (median). */
  loadMsMedian: number;
}

export interface BundleFigure {
  name: string;
  /** The function's main file: what a WAV loads. */
  bytes: number;
  /** Modules beside it, loaded on demand (the audio decoders of transcribe). */
  onDemand?: OnDemandFigure[];
  loadMsMedian: number;
  /** The services the function and its reference call, e.g. "S3, SQS, Secrets Manager". */
  referenceCalls: string;
  referenceBytes: number;
  referenceLoadMsMedian: number;
  sizeRatio: number;
  loadRatio: number;
}

export async function measureBundles(runs: number): Promise<BundleFigure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'callbrief-bench-'));
  try {
    const pipeline = loadLambdaPipelineConfig(join(REPO_ROOT, 'config', 'eusc.json'));
    const defines = providerBundleDefines(pipeline);
    const figures: BundleFigure[] = [];
    for (const stage of FUNCTIONS) {
      const calls = sdkCallsOf(stage, pipeline);
      const file = join(dir, stage, 'index.mjs');
      const referenceFile = join(dir, `${stage}-reference.mjs`);
      const entry = join(REPO_ROOT, 'functions', 'handlers', `${stage}.ts`);
      const bytes = await bundle({ entry }, file, defines);
      const modules = await buildOnDemandModules(file, join(dir, stage));
      const referenceBytes = await bundle({ source: referenceHandlerSource(calls) }, referenceFile);
      // One warm-up each fills the page cache; then alternate, so load on the machine hits both.
      await loadMs(file);
      await loadMs(referenceFile);
      const times: number[] = [];
      const referenceTimes: number[] = [];
      for (let i = 0; i < runs; i++) {
        times.push(await loadMs(file));
        referenceTimes.push(await loadMs(referenceFile));
      }
      const onDemand: OnDemandFigure[] = [];
      for (const module of modules) {
        const moduleTimes: number[] = [];
        await loadMs(module.path);
        for (let i = 0; i < Math.min(runs, 7); i++) moduleTimes.push(await loadMs(module.path));
        onDemand.push({
          name: module.name,
          bytes: module.bytes,
          loadMsMedian: median(moduleTimes),
        });
      }
      const figure: BundleFigure = {
        name: stage,
        bytes,
        ...(onDemand.length > 0 ? { onDemand } : {}),
        loadMsMedian: median(times),
        referenceCalls: describeCalls(calls),
        referenceBytes,
        referenceLoadMsMedian: median(referenceTimes),
        sizeRatio: bytes / referenceBytes,
        // Each load is paired with the reference load right after it, so the machine's load
        // drifting during the run moves both sides of a ratio alike.
        loadRatio: median(times.map((time, i) => time / (referenceTimes[i] ?? time))),
      };
      figures.push(figure);
      process.stderr.write(
        `  ${stage}: ${(bytes / 1024).toFixed(0)} KiB (${figure.sizeRatio.toFixed(2)}x), ${figure.loadMsMedian.toFixed(1)} ms (${figure.loadRatio.toFixed(2)}x)\n`,
      );
    }
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '15' }, json: { type: 'string' } },
  });
  const figures = await measureBundles(Number(values.runs));
  console.log(
    '| function | minified | reference (same SDK calls) | size | load (median) | reference load | load |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const f of figures) {
    console.log(
      `| ${f.name} | ${(f.bytes / 1024).toFixed(0)} KiB | ${(f.referenceBytes / 1024).toFixed(0)} KiB (${f.referenceCalls}) | ${f.sizeRatio.toFixed(2)}x | ${f.loadMsMedian.toFixed(1)} ms | ${f.referenceLoadMsMedian.toFixed(1)} ms | ${f.loadRatio.toFixed(2)}x |`,
    );
  }
  if (values.json) await writeFile(values.json, `${JSON.stringify(figures, null, 2)}\n`);
}
