import { join } from 'node:path';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import { REPO_ROOT } from '../config';
import { gazetteerCopyCommand, ON_DEMAND_PACKAGES } from './onDemandModules';

const TARGET = 'node24';
// Prefer packages' ES modules: the AWS SDK's tree-shake far better than their CommonJS.
const MAIN_FIELDS = ['module', 'main'];
// ESM output still meets CommonJS dependencies that call require().
const REQUIRE_SHIM =
  "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

export interface BundleSwitches {
  /**
   * Bundle Powertools Tracer (functions/handlers/tracing.ts); off, it stays out of the bundle.
   * @default false
   */
  readonly tracing?: boolean;
  /**
   * Commands run after bundling, e.g. to build files the function reads beside its bundle.
   * @default - none
   */
  readonly afterBundling?: (inputDir: string, outputDir: string) => string[];
}

/** Build-time constants every function gets besides its providers. */
function switchDefines(switches: BundleSwitches): Record<string, string> {
  return { 'process.env.CALLBRIEF_BUNDLED_TRACING': JSON.stringify(String(!!switches.tracing)) };
}

// Builds the decoders a bundle imports on demand beside it; skipped (grep) for the functions
// that import none, so only transcribe pays the extra build. The script and the gazetteer are
// taken from callbrief's own folder (REPO_ROOT: the repository, or the installed package),
// not from CDK's input folder, which is the importing app's project root.
const ON_DEMAND_PATTERN = ON_DEMAND_PACKAGES.map((name) => `"${name}"`).join('|');
const ON_DEMAND_SCRIPT = join(REPO_ROOT, 'infra', 'constructs', 'onDemandModules.ts');
const onDemandHook = (_inputDir: string, outputDir: string) => [
  gazetteerCopyCommand(REPO_ROOT, outputDir),
  `if grep -qE '${ON_DEMAND_PATTERN}' "${outputDir}/index.mjs"; then node --import tsx "${ON_DEMAND_SCRIPT}" "${outputDir}"; fi`,
];

/**
 * How every callbrief function is built: one minified ESM file for Node 24, the AWS SDK
 * included, the audio decoders as separate modules loaded on demand
 * (infra/constructs/onDemandModules.ts). `define` holds build-time constants such as the
 * configured providers (infra/providerBundling.ts).
 */
export function lambdaBundling(
  define: Record<string, string> = {},
  switches: BundleSwitches = {},
): BundlingOptions {
  return {
    minify: true,
    format: OutputFormat.ESM,
    target: TARGET,
    mainFields: MAIN_FIELDS,
    sourceMap: false,
    banner: REQUIRE_SHIM,
    // Bundle the AWS SDK too: we pin its version instead of taking the runtime's.
    externalModules: [...ON_DEMAND_PACKAGES],
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir, outputDir) => [
        ...onDemandHook(inputDir, outputDir),
        ...(switches.afterBundling?.(inputDir, outputDir) ?? []),
      ],
    },
    define: { ...define, ...switchDefines(switches) },
  };
}

/**
 * The same build for esbuild called directly, for the benchmarks and the bundle tests: what
 * they measure is what Lambda receives. The on-demand modules are built with
 * `buildOnDemandModules` (infra/constructs/onDemandModules.ts).
 */
export function lambdaEsbuildOptions(
  define: Record<string, string> = {},
  switches: BundleSwitches = {},
) {
  return {
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: TARGET,
    mainFields: MAIN_FIELDS,
    define: { ...define, ...switchDefines(switches) },
    external: [...ON_DEMAND_PACKAGES],
    banner: { js: REQUIRE_SHIM },
  } satisfies BuildOptions;
}
