import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Annotations, App } from 'aws-cdk-lib';
import { ConfigurationError } from '../functions/shared/errors';
import { forbiddenNetworkVariables } from '../functions/shared/proxyEnvironment';
import { type DeploymentConfig, loadDeploymentConfig, REPO_ROOT } from './config';
import { applyCallbriefChecks } from './sovereignty/applyChecks';
import { CallbriefStack } from './stacks/CallbriefStack';

export interface BuiltApp {
  app: App;
  stack: CallbriefStack;
  config: DeploymentConfig;
}

export interface BuildAppOptions {
  /** Where the cloud assembly goes. The CLI sets it (cdk.out); tests pass a scratch folder. */
  outdir?: string;
  /** The synth process's environment, checked for proxies. @default process.env */
  processEnv?: Readonly<Record<string, string | undefined>>;
}

/**
 * Proxy variables on the synth process are refused: bundling and lookups would follow them, and
 * a deployment built behind an unvetted proxy is not one to ship. NODE_EXTRA_CA_CERTS only adds
 * trust on the build machine (many images point it at the system bundle) and is left alone there:
 * the rule NoProxyEnvironment keeps it out of every function, and a warning would make the
 * sovereignty report depend on the build machine.
 */
const SYNTH_REFUSED = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NODE_USE_ENV_PROXY'];

function checkSynthEnvironment(env: Readonly<Record<string, string | undefined>>): void {
  const refused = forbiddenNetworkVariables(env, SYNTH_REFUSED);
  const tls = forbiddenNetworkVariables(env, ['NODE_TLS_REJECT_UNAUTHORIZED']).filter(
    (name) => env[name] !== '1',
  );
  if (refused.length + tls.length > 0) {
    throw new ConfigurationError(
      `[callbrief:ProxyEnvironment] refusing to synthesize with ${[...refused, ...tls].join(', ')} set: unset proxy variables and TLS overrides for cdk synth/deploy.`,
    );
  }
}

/**
 * Builds the app with the rule packs registered (Sovereignty, AwsSolutions, NIST 800-53 r5), so
 * synthesis fails on every error finding that is neither fixed nor acknowledged with a reason.
 * `context` overrides cdk.json's context, so tests get the same feature flags (notably
 * `@aws-cdk/core:enablePartitionLiterals`) as `cdk synth` without running the CLI.
 * Under the CLI, context from cdk.json and `-c` wins over both.
 */
export function buildApp(
  context: Record<string, unknown> = {},
  options: BuildAppOptions = {},
): BuiltApp {
  checkSynthEnvironment(options.processEnv ?? process.env);
  const app = new App({
    outdir: options.outdir,
    context: { ...readCdkJsonContext(), ...context },
  });
  applyCallbriefChecks(app);
  const config = loadDeploymentConfig((key) => app.node.tryGetContext(key));
  const stack = new CallbriefStack(app, 'Callbrief', {
    env: { account: config.account, region: config.region },
    description: 'callbrief: call recordings to case summaries (AWS European Sovereign Cloud)',
    config,
  });
  if (config.accountIsPlaceholder) {
    Annotations.of(stack).addWarningV2(
      '@callbrief:placeholderAccount',
      'No account given (context "account" or CDK_DEFAULT_ACCOUNT): synthesized for 000000000000. Deploy with real credentials or -c account=<id>.',
    );
  }
  return { app, stack, config };
}

function readCdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8'));
  return cdkJson.context ?? {};
}

// Run by the CDK CLI (`npx tsx infra/app.ts`): synthesize. Imported by tests: do nothing.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    buildApp().app.synth();
  } catch (error) {
    // A configuration mistake deserves its message, not a stack trace.
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
