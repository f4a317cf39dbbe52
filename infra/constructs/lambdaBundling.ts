import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How every callbrief function is built: one minified ESM file for Node 24, the AWS SDK
 * included. `define` holds build-time constants such as the configured providers
 * (infra/providerBundling.ts). bench/bundles.ts uses the same esbuild settings.
 */
export function lambdaBundling(define?: Record<string, string>): BundlingOptions {
  return {
    minify: true,
    format: OutputFormat.ESM,
    target: 'node24',
    mainFields: ['module', 'main'],
    sourceMap: false,
    // ESM output still meets CommonJS dependencies that call require().
    banner:
      "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
    // Bundle the AWS SDK too: we pin its version instead of taking the runtime's.
    externalModules: [],
    ...(define ? { define } : {}),
  };
}
