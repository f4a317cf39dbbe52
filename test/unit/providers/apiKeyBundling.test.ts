import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../infra/config';
import { lambdaEsbuildOptions } from '../../../infra/constructs/lambdaBundling';
import { loadLambdaPipelineConfig } from '../../../infra/lambdaPipelineConfig';
import { providerBundleDefines } from '../../../infra/providerBundling';

/** Input files of a handler's bundle, as the stack builds it for the Mistral EU example. */
async function bundleInputs(handler: string): Promise<string[]> {
  const pipeline = loadLambdaPipelineConfig(
    join(REPO_ROOT, 'config', 'examples', 'mistral-eu.json'),
  );
  const result = await build({
    ...lambdaEsbuildOptions(providerBundleDefines(pipeline)),
    entryPoints: [join(REPO_ROOT, 'functions', 'handlers', `${handler}.ts`)],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile?.inputs ?? {});
}

const usesParameters = (inputs: string[]) =>
  inputs.some((path) => path.includes('@aws-lambda-powertools/parameters'));

describe('API key bundling', () => {
  it('puts Powertools Parameters only into the functions that read provider keys', async () => {
    for (const handler of ['transcribe', 'translate', 'summarize']) {
      expect(usesParameters(await bundleInputs(handler)), handler).toBe(true);
    }
    for (const handler of ['ingest', 'publish', 'erase', 'review', 'reconcile']) {
      expect(usesParameters(await bundleInputs(handler)), handler).toBe(false);
    }
  }, 120_000);
});
