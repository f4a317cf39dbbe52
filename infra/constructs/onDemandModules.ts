/**
 * What a function loads only when it needs it, kept beside its main file: the audio decoders
 * (esbuild `external`, each built into one ES module as `node_modules/<package>/index.mjs`,
 * where Node's resolution of `import('<package>')` finds them) and the name gazetteer (data
 * that functions/redaction/nameGazetteer.ts reads on first use). A WAV never loads a decoder
 * and a function that redacts no names never reads the gazetteer, so their cold starts pay
 * for neither.
 *
 * esbuild's code splitting would do the same, but it needs `outdir`, and the CDK's
 * NodejsFunction always builds with `outfile`; hence a build after the bundling
 * (infra/constructs/lambdaBundling.ts).
 *   node --import tsx infra/constructs/onDemandModules.ts <bundle output folder>
 */
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { GAZETTEER_FILE } from '../../functions/redaction/nameGazetteer';

export const ON_DEMAND_PACKAGES = [
  'ogg-opus-decoder',
  '@wasm-audio-decoders/ogg-vorbis',
  '@wasm-audio-decoders/flac',
  'mpg123-decoder',
  'alawmulaw',
] as const;

/** Imported by ogg-opus-decoder only for its optional speech enhancement, which we never use. */
const NEVER_LOADED = ['@wasm-audio-decoders/opus-ml'];
const REPO_ROOT = join(import.meta.dirname, '..', '..');
// As in lambdaBundling.ts: their CommonJS dependencies (web-worker) call require().
const REQUIRE_SHIM =
  "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

/** The name gazetteer, read on first use by functions/redaction/nameGazetteer.ts. */
const GAZETTEER_SOURCE = join(REPO_ROOT, 'functions', 'redaction', GAZETTEER_FILE);

/**
 * The shell command that puts the gazetteer beside a bundle that reads it (CDK's
 * afterBundling); `root` is callbrief's own folder.
 */
export function gazetteerCopyCommand(root: string, outputDir: string): string {
  const source = `${root}/functions/redaction/${GAZETTEER_FILE}`;
  const target = `${outputDir}/${GAZETTEER_FILE}`;
  return `if grep -q '${GAZETTEER_FILE}' "${outputDir}/index.mjs"; then mkdir -p "$(dirname "${target}")" && cp "${source}" "${target}"; fi`;
}

export interface OnDemandModule {
  name: string;
  path: string;
  bytes: number;
}

/**
 * Builds the on-demand packages that the bundle at `bundleFile` imports into
 * `<outDir>/node_modules`; returns what it wrote.
 */
export async function buildOnDemandModules(
  bundleFile: string,
  outDir: string,
): Promise<OnDemandModule[]> {
  const bundle = await readFile(bundleFile, 'utf8');
  const written: OnDemandModule[] = [];
  if (bundle.includes(GAZETTEER_FILE)) {
    const path = join(outDir, GAZETTEER_FILE);
    await mkdir(dirname(path), { recursive: true });
    await copyFile(GAZETTEER_SOURCE, path);
    written.push({ name: 'name gazetteer', path, bytes: (await stat(path)).size });
  }
  for (const name of ON_DEMAND_PACKAGES) {
    if (!bundle.includes(`"${name}"`)) continue;
    const path = join(outDir, 'node_modules', name, 'index.mjs');
    await build({
      stdin: { contents: `export * from '${name}';`, resolveDir: REPO_ROOT, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      target: 'node24',
      mainFields: ['module', 'main'],
      external: NEVER_LOADED,
      banner: { js: REQUIRE_SHIM },
      outfile: path,
      logLevel: 'warning',
    });
    await mkdir(dirname(path), { recursive: true });
    await writeFile(
      join(dirname(path), 'package.json'),
      `${JSON.stringify({ name, type: 'module', exports: './index.mjs' })}\n`,
    );
    written.push({ name, path, bytes: (await stat(path)).size });
  }
  return written;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outDir = process.argv[2];
  if (!outDir) throw new Error('usage: onDemandModules.ts <bundle output folder>');
  const file = join(outDir, 'index.mjs');
  await buildOnDemandModules(file, outDir);
}
