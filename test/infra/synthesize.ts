import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { type BuiltApp, buildApp } from '../../infra/app';
import { REPO_ROOT } from '../../infra/config';

/**
 * Context every template test starts from: cdk.json's defaults (buildApp merges them), a fixed
 * account, and the deployable default pipeline config (config/eusc.json). Bundling is skipped (`aws:cdk:bundling-stacks`): these tests are about
 * the template, and `npm run synth` bundles every handler for real.
 */
export const TEST_CONTEXT: Record<string, unknown> = {
  account: '123456789012',
  pipelineConfig: 'config/eusc.json',
  'aws:cdk:bundling-stacks': [],
};

export function synthesize(
  name: string,
  context: Record<string, unknown> = {},
): BuiltApp & { template: Template } {
  const built = buildApp(
    { ...TEST_CONTEXT, ...context },
    { outdir: join(REPO_ROOT, '.tmp', 'infra-tests', name) },
  );
  return { ...built, template: Template.fromStack(built.stack) };
}
