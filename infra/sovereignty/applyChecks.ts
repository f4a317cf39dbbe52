import { type App, Aspects, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, type NagPackProps, NIST80053R5Checks } from 'cdk-nag';
import { SovereigntyChecks } from './SovereigntyChecks';

const registered = new WeakSet<App>();

/**
 * Stack metadata naming the packs that checked the stack. CDK's validation report leaves out a
 * pack without findings, so the sovereignty report reads the packs from here.
 */
export const RULE_PACKS_METADATA_KEY = 'callbrief:rule-packs';

/**
 * Registers the rule packs callbrief deploys under: Sovereignty (ours), AWS Solutions and
 * NIST 800-53 rev 5. Each reports errors through CDK's policy validation, so synth fails
 * (an exception in-process, exit code 1 under the CLI) until every error finding is fixed or
 * acknowledged with `Validations.of(scope).acknowledge({ id, reason })`. Calling it twice on
 * one app registers the packs once.
 */
export function applyCallbriefChecks(app: App, props: NagPackProps = {}): void {
  if (registered.has(app)) return;
  registered.add(app);
  const packs = [
    new SovereigntyChecks(app, props),
    new AwsSolutionsChecks(app, props),
    new NIST80053R5Checks(app, props),
  ];
  Validations.of(app).addPlugins(...packs);
  const names = packs.map((pack) => pack.name).sort();
  Aspects.of(app).add({
    visit(node) {
      if (Stack.isStack(node)) node.node.addMetadata(RULE_PACKS_METADATA_KEY, names);
    },
  });
}
