import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import {
  DEFAULT_STAGE_SETTINGS,
  loadDeploymentConfig,
  PLACEHOLDER_ACCOUNT,
  REPO_ROOT,
} from '../../infra/config';
import { DEFAULT_RETENTION_DAYS } from '../../infra/dataRetention';
import { TEST_CONTEXT } from './synthesize';

const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8'));
const recommendedFlags = JSON.parse(
  readFileSync(join(REPO_ROOT, 'node_modules/aws-cdk-lib/recommended-feature-flags.json'), 'utf8'),
);

/** Test-only overrides so config loading does not trip on the offline providers. */
const offline = {
  pipelineConfig: 'test/infra/fixtures/host-binary.json',
  allowHostBinaryProvidersForTests: true,
};
const load = (context: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) =>
  loadDeploymentConfig((key) => context[key], env);

describe('Function: buildApp', () => {
  it('refuses a region outside the aws-eusc partition', () => {
    // Act & Assess
    expect(() => buildApp({ ...TEST_CONTEXT, region: 'eu-central-1' })).toThrow(
      /^\[callbrief:SovereignPartition\] Region "eu-central-1" belongs to partition "aws"; only aws-eusc regions \(eusc-de-east-1\)/,
    );
  });

  it('refuses an unknown region', () => {
    expect(() => buildApp({ ...TEST_CONTEXT, region: 'eusc-xx-west-9' })).toThrow(
      /\[callbrief:SovereignPartition\].*partition "unknown"/,
    );
  });

  it('allows another region only with the test-only override', () => {
    // Act
    const { stack } = buildApp({
      ...TEST_CONTEXT,
      region: 'eu-central-1',
      allowNonSovereignRegionForTests: 'true',
    });

    // Assess
    expect(stack.region).toBe('eu-central-1');
  });

  it('refuses pocketsphinx and apertium, which need host binaries, naming each setting', () => {
    // Act & Assess
    const offlineContext = {
      ...TEST_CONTEXT,
      pipelineConfig: 'test/infra/fixtures/host-binary.json',
    };
    expect(() => buildApp(offlineContext)).toThrow(
      /^\[callbrief:LambdaProviders\].*speechToText\.type = "pocketsphinx", translation\.type = "apertium".*local runner or on premises/s,
    );
  });

  it('accepts the default config/eusc.json, which uses EU HTTP providers', () => {
    const { config } = buildApp({ ...TEST_CONTEXT, pipelineConfig: undefined });
    expect(config.pipeline.speechToText).toMatchObject({
      type: 'openai-compatible',
      baseUrl: 'https://api.eu.mistral.ai/v1',
    });
  });
});

describe('Function: loadDeploymentConfig', () => {
  it('returns frozen defaults when the context sets nothing', () => {
    // Act
    const config = load(offline);

    // Assess
    expect(config).toMatchObject({
      account: PLACEHOLDER_ACCOUNT,
      accountIsPlaceholder: true,
      region: 'eusc-de-east-1',
      recordingsPrefix: 'recordings/',
      retentionDays: DEFAULT_RETENTION_DAYS,
      logRetention: 90,
      strictNetwork: false,
      maxReceiveCount: 5,
      stages: DEFAULT_STAGE_SETTINGS,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.stages.transcribe)).toBe(true);
  });

  it('takes the account from context, else from CDK_DEFAULT_ACCOUNT', () => {
    expect(load(offline, { CDK_DEFAULT_ACCOUNT: '210987654321' }).account).toBe('210987654321');
    expect(
      load({ ...offline, account: '123456789012' }, { CDK_DEFAULT_ACCOUNT: '210987654321' }),
    ).toMatchObject({ account: '123456789012', accountIsPlaceholder: false });
  });

  it('merges partial settings given as JSON strings, as `-c key=value` passes them', () => {
    // Act
    const config = load({
      ...offline,
      retentionDays: '{"recordings":7}',
      stages: '{"transcribe":{"timeoutSeconds":"300"}}',
      maxReceiveCount: '3',
    });

    // Assess
    expect(config.retentionDays).toEqual({ ...DEFAULT_RETENTION_DAYS, recordings: 7 });
    expect(config.stages.transcribe).toEqual({
      ...DEFAULT_STAGE_SETTINGS.transcribe,
      timeoutSeconds: 300,
    });
    expect(config.maxReceiveCount).toBe(3);
  });

  it.each([
    [{ logRetentionDays: 42 }, 'context "logRetentionDays"'],
    [
      { stages: { transcribe: { maxConcurrency: 1 } } },
      'context "stages.transcribe.maxConcurrency"',
    ],
    [{ stages: { transcode: {} } }, 'context "stages"'],
    [{ account: '12345' }, 'context "account"'],
    [{ recordingsPrefix: '/recordings' }, 'context "recordingsPrefix"'],
    [{ retentionDays: { results: 365 } }, 'context "retentionDays"'],
    [{ retentionDays: { summary: 0 } }, 'context "retentionDays.summary"'],
    [{ retentionDays: { transcript: 3651 } }, 'context "retentionDays.transcript"'],
    [{ strictNetwork: 'yes' }, 'context "strictNetwork"'],
    [{ s3PrefixListId: 'prefix' }, 'context "s3PrefixListId"'],
  ])('names the context key of an invalid value (%j)', (context, key) => {
    expect(() => load({ ...offline, ...context })).toThrow(key);
  });

  it('refuses recording info that expires before its recording, which erasure needs', () => {
    expect(() => load({ ...offline, retentionDays: { recordings: 400 } })).toThrow(
      /context "retentionDays\.recordingInfo": must be at least retentionDays\.recordings/,
    );
  });

  it('reports an invalid pipeline config with the file and the setting', () => {
    expect(() => load({ ...offline, pipelineConfig: 'test/infra/fixtures/invalid.json' })).toThrow(
      /^\[callbrief:Config\] context "pipelineConfig": Invalid pipeline config .*invalid\.json:\n.*speechToText\.type/,
    );
  });

  it('reports a missing pipeline config file', () => {
    expect(() => load({ ...offline, pipelineConfig: 'config/nope.json' })).toThrow(
      /context "pipelineConfig": cannot read JSON from .*config\/nope\.json/,
    );
  });
});

describe('File: cdk.json', () => {
  it('runs the app with tsx on a Node that satisfies engines and writes to cdk.out', () => {
    expect(cdkJson).toMatchObject({
      app: 'sh scripts/with-node.sh npx tsx infra/app.ts',
      output: 'cdk.out',
    });
  });

  it('sets every recommended feature flag of the installed aws-cdk-lib, targeting aws-eusc', () => {
    const { '@aws-cdk/core:target-partitions': _commercial, ...flags } = recommendedFlags;
    expect(cdkJson.context).toMatchObject(flags);
    expect(cdkJson.context['@aws-cdk/core:target-partitions']).toEqual(['aws-eusc']);
    expect(cdkJson.context['@aws-cdk/core:enablePartitionLiterals']).toBe(true);
  });

  it('holds the same defaults as infra/config.ts and no test-only override', () => {
    // Act
    const fromCdkJson = load({ ...cdkJson.context, ...offline });

    // Assess
    expect(fromCdkJson).toEqual(load(offline));
    expect(Object.keys(cdkJson.context).filter((key) => key.endsWith('ForTests'))).toEqual([]);
  });
});
