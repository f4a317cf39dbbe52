import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/config';
import { buildPlatformApp, RECORDINGS_BUCKET, RESULTS_BUCKET } from './platformApp';

/** The team's cdk.json: the recommended feature flags (ours), and no callbrief settings. */
const FEATURE_FLAGS = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')).context).filter(
    ([key]) => key.startsWith('@aws-cdk'),
  ),
);
const CONTEXT = { ...FEATURE_FLAGS, 'aws:cdk:bundling-stacks': [] };
const outdir = (name: string) => join(REPO_ROOT, '.tmp', 'infra-tests', name);

describe('App: a platform team importing CallbriefPipeline from the package', () => {
  it('synthesizes with its own bucket names, prefix and grants, passing the three rule packs', () => {
    // Prepare
    const { app, stack, pipeline, recorder, caseSystem } = buildPlatformApp(
      outdir('platform'),
      CONTEXT,
    );

    // Act: the packs run at synth and throw on any unacknowledged error.
    const assembly = app.synth();

    // Assess
    const template = Template.fromStack(stack);
    const json = template.toJSON() as { Resources: Record<string, { Type: string }> };
    template.hasResourceProperties('AWS::S3::Bucket', { BucketName: RECORDINGS_BUCKET });
    template.hasResourceProperties('AWS::S3::Bucket', { BucketName: RESULTS_BUCKET });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { detail: { object: { key: [{ prefix: 'calls/' }] } } },
    });
    expect(Object.values(json.Resources).map((r) => r.Type)).not.toContainEqual(
      expect.stringMatching(/^Custom::/),
    );
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain(stack.getLogicalId(recorder.node.defaultChild as never));
    expect(policies).toContain(stack.getLogicalId(caseSystem.node.defaultChild as never));
    expect(pipeline.stages.transcribe.fn.node.path).toBe(
      'ContactCentre/Callbrief/TranscribeStage/Function',
    );
    // The packs that ran (the validation report names only those with findings).
    const packs = assembly
      .getStackByName('ContactCentre')
      .findMetadataByType('callbrief:rule-packs')
      .flatMap((entry) => entry.data as string[]);
    expect([...new Set(packs)].sort()).toEqual(['AwsSolutions', 'NIST.800.53.R5', 'Sovereignty']);
  });

  it('fails synth when the team leaves findings on its own roles unacknowledged', () => {
    // Prepare
    const { app } = buildPlatformApp(outdir('platform-unacknowledged'), CONTEXT, {
      acknowledgeOwnRoles: false,
    });

    // Act and assess
    expect(() => app.synth()).toThrow(/IAM5|IAMNoInlinePolicy/);
  });
});
