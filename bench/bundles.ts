// Measures each stage's Lambda bundle: minified size and module load time in a fresh Node
// process, beside the reference bundle that holds only the same AWS SDK calls.
//   node --import tsx bench/bundles.ts [--runs 15] [--json FILE]
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { build } from 'esbuild';

const run = promisify(execFile);
const STAGES = ['ingest', 'transcribe', 'translate', 'summarize', 'publish'];

/** The same esbuild settings the stack's NodejsFunction uses. */
async function bundle(entry: string, outfile: string): Promise<number> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    mainFields: ['module', 'main'],
    banner: {
      js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
    },
    logLevel: 'silent',
  });
  return (await stat(outfile)).size;
}

async function loadMs(file: string): Promise<number> {
  const script = `const t=performance.now();await import(${JSON.stringify(pathToFileURL(file).href)});console.log(performance.now()-t)`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
  return Number(stdout.trim());
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export interface BundleFigure {
  name: string;
  bytes: number;
  loadMsMedian: number;
  sizeRatio: number;
  loadRatio: number;
}

export async function measureBundles(runs: number): Promise<BundleFigure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'callbrief-bench-'));
  try {
    const entries = [
      { name: 'reference', entry: 'bench/referenceHandler.ts' },
      ...STAGES.map((stage) => ({ name: stage, entry: `functions/handlers/${stage}.ts` })),
    ];
    const raw: Array<{ name: string; bytes: number; loadMsMedian: number }> = [];
    for (const { name, entry } of entries) {
      const file = join(dir, `${name}.mjs`);
      const bytes = await bundle(entry, file);
      const times: number[] = [];
      // Interleaving would be fairer on a noisy machine; one warm-up run fills the page cache.
      await loadMs(file);
      for (let i = 0; i < runs; i++) times.push(await loadMs(file));
      raw.push({ name, bytes, loadMsMedian: median(times) });
      process.stderr.write(
        `  ${name}: ${(bytes / 1024).toFixed(0)} KiB, ${median(times).toFixed(1)} ms\n`,
      );
    }
    const reference = raw[0] as (typeof raw)[number];
    return raw.map((figure) => ({
      ...figure,
      sizeRatio: figure.bytes / reference.bytes,
      loadRatio: figure.loadMsMedian / reference.loadMsMedian,
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '15' }, json: { type: 'string' } },
  });
  const figures = await measureBundles(Number(values.runs));
  console.log('| bundle | minified | vs reference | load (median) | vs reference |');
  console.log('|---|---|---|---|---|');
  for (const f of figures) {
    console.log(
      `| ${f.name} | ${(f.bytes / 1024).toFixed(0)} KiB | ${f.sizeRatio.toFixed(2)}x | ${f.loadMsMedian.toFixed(1)} ms | ${f.loadRatio.toFixed(2)}x |`,
    );
  }
  if (values.json) await writeFile(values.json, `${JSON.stringify(figures, null, 2)}\n`);
}
