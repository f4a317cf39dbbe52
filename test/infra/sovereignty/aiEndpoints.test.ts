import { readFile } from 'node:fs/promises';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { parsePipelineConfig } from '../../../functions/shared/pipelineConfig';
import { aiEndpointsOf, endpointFindings } from '../../../infra/sovereignty/aiEndpoints';
import { dataFlows } from '../../../infra/sovereignty/report/dataFlows';
import { euscStack, findingsOf, sovereigntyFindings, testApp } from './support';

const offline = {
  speechToText: { type: 'pocketsphinx' },
  translation: { type: 'apertium' },
  summarization: { type: 'extractive' },
};

/** A function whose PIPELINE_CONFIG is `config` (stringified unless it already is a string). */
function stageFunction(scope: Construct, config: unknown) {
  return new LambdaFunction(scope, 'Fn', {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: Code.fromInline('export const handler = async () => {};'),
    logGroup: new LogGroup(scope, 'Logs'),
    environment: {
      PIPELINE_CONFIG: typeof config === 'string' ? config : JSON.stringify(config),
    },
  });
}

function findingsFor(config: unknown): string[] {
  const app = testApp({ failOnFindings: false });
  stageFunction(euscStack(app), config);
  return findingsOf(sovereigntyFindings(app), 'EuAiEndpoints').map((finding) => finding.rule);
}

describe('Rule: EuAiEndpoints', () => {
  it('Noncompliance 1: a non-EU host, named with its setting', () => {
    // Act
    const findings = findingsFor({
      ...offline,
      translation: { type: 'openai-compatible', baseUrl: 'https://api.openai.com/v1', model: 'm' },
    });

    // Assess
    expect(findings).toEqual(['Sovereignty-EuAiEndpoints[translation.baseUrl=api.openai.com]']);
  });

  it('Noncompliance 2: loopback (even with allowLoopback) and plain http to a listed host', () => {
    const findings = findingsFor({
      ...offline,
      speechToText: { type: 'openai-compatible', baseUrl: 'http://api.scaleway.ai/v1', model: 'w' },
      summarization: {
        type: 'openai-compatible',
        baseUrl: 'http://localhost:8080/v1',
        model: 'm',
        allowLoopback: true,
      },
    });

    expect(findings).toEqual([
      'Sovereignty-EuAiEndpoints[speechToText.baseUrl=api.scaleway.ai]',
      'Sovereignty-EuAiEndpoints[summarization.baseUrl=localhost]',
    ]);
  });

  it("Noncompliance 3: a host only the config's own extraAllowedHosts allows", () => {
    const findings = findingsFor({
      ...offline,
      summarization: {
        type: 'openai-compatible',
        baseUrl: 'https://llm.example.de/v1',
        model: 'm',
        extraAllowedHosts: [
          { host: 'llm.example.de', operator: 'Example GmbH', country: 'DE', jurisdiction: 'EU' },
        ],
      },
    });

    expect(findings).toEqual(['Sovereignty-EuAiEndpoints[summarization.baseUrl=llm.example.de]']);
  });

  it("Compliance: the authority's own host, acknowledged in the config with its private link and reason", async () => {
    const example = JSON.parse(
      await readFile('config/examples/hybrid-authority-hosts.json', 'utf-8'),
    ) as Record<string, unknown>;
    // The example is a valid pipeline config, and the check accepts its hosts.
    expect(() => parsePipelineConfig(example)).not.toThrow();
    expect(findingsFor(example)).toEqual([]);
  });

  it('Noncompliance 3b: an authority host without a reason, or over plain http', () => {
    const authority = (reason: string, scheme: string) => ({
      ...offline,
      summarization: {
        type: 'openai-compatible',
        baseUrl: `${scheme}://llm.rz.example.de/v1`,
        model: 'm',
        extraAllowedHosts: [
          {
            host: 'llm.rz.example.de',
            operator: 'Example authority',
            country: 'DE',
            jurisdiction: 'EU',
            authorityHost: { privateLink: 'VPN', reason },
          },
        ],
      },
    });
    expect(findingsFor(authority('too short', 'https'))).toEqual([
      'Sovereignty-EuAiEndpoints[summarization.baseUrl=llm.rz.example.de]',
    ]);
    expect(findingsFor(authority('The authority runs this LLM itself', 'http'))).toEqual([
      'Sovereignty-EuAiEndpoints[summarization.baseUrl=llm.rz.example.de]',
    ]);
  });

  it('Noncompliance 4: Bedrock in a region outside aws-eusc', () => {
    const findings = findingsFor({
      ...offline,
      summarization: { type: 'bedrock', modelId: 'm', region: 'eu-central-1' },
    });

    expect(findings).toEqual(['Sovereignty-EuAiEndpoints[summarization.region=eu-central-1]']);
  });

  it('Noncompliance 5: a config that is not JSON, or only known at deploy time', () => {
    expect(findingsFor('{not json')).toEqual([
      'Sovereignty-EuAiEndpoints[PIPELINE_CONFIG=invalid-json]',
    ]);

    const app = testApp({ failOnFindings: false });
    const stack = euscStack(app);
    stageFunction(stack, new Queue(stack, 'Queue').queueUrl);
    expect(findingsOf(sovereigntyFindings(app), 'EuAiEndpoints').map((f) => f.rule)).toEqual([
      'Sovereignty-EuAiEndpoints[PIPELINE_CONFIG=unresolved]',
    ]);
  });

  it('Compliance: EU HTTP providers, DeepL defaults, SageMaker in the stack region, offline', () => {
    expect(
      findingsFor({
        speechToText: { type: 'sagemaker', endpointName: 'whisper' },
        translation: { type: 'deepl', apiKeySecretId: 'deepl' },
        summarization: {
          type: 'openai-compatible',
          baseUrl: 'https://api.eu.mistral.ai/v1',
          model: 'mistral-small-latest',
        },
      }),
    ).toEqual([]);
    expect(findingsFor(offline)).toEqual([]);
  });
});

describe('Function: aiEndpointsOf', () => {
  it('returns each capability with its hosts, the stack region standing in for AWS providers', () => {
    // Act
    const endpoints = aiEndpointsOf(
      {
        speechToText: { type: 'sagemaker', endpointName: 'whisper' },
        translation: { type: 'deepl' },
        summarization: { type: 'extractive' },
      },
      'eusc-de-east-1',
    );

    // Assess
    expect(
      endpoints.map(({ capability, kind, setting, hosts }) => ({
        capability,
        kind,
        setting,
        hosts,
      })),
    ).toEqual([
      {
        capability: 'speechToText',
        kind: 'aws',
        setting: 'speechToText.region',
        hosts: ['runtime.sagemaker.eusc-de-east-1.amazonaws.eu'],
      },
      {
        capability: 'translation',
        kind: 'http',
        setting: 'translation.baseUrl',
        hosts: ['api.deepl.com', 'api-free.deepl.com'],
      },
      {
        capability: 'summarization',
        kind: 'in-function',
        setting: 'summarization.type',
        hosts: [],
      },
    ]);
    expect(endpoints.flatMap(endpointFindings)).toEqual([]);
  });

  it('flags an unknown provider type without a baseUrl: its egress cannot be checked', () => {
    const [speechToText] = aiEndpointsOf({ speechToText: { type: 'new-vendor' } });

    expect(speechToText && endpointFindings(speechToText)).toEqual([
      'speechToText.baseUrl=unknown',
    ]);
  });
});

describe('Function: dataFlows', () => {
  it("shows the authority's own host with its private link and reason", async () => {
    const config = await readFile('config/examples/hybrid-authority-hosts.json', 'utf-8');
    const { flows } = dataFlows([
      {
        name: 'Callbrief',
        region: 'eusc-de-east-1',
        metadata: {},
        resources: {
          Transcribe: {
            Type: 'AWS::Lambda::Function',
            Properties: { Environment: { Variables: { PIPELINE_CONFIG: config } } },
          },
        },
      },
    ]);
    const stt = flows.find((flow) => flow.capability === 'speechToText');
    expect(stt).toMatchObject({
      endpointHost: 'whisper.rz.stadt-example.de',
      operator: 'Stadt Example, own data centre',
      country: 'DE',
      allowListed: true,
      source: 'authority host (config)',
      acknowledgement: expect.stringContaining('over AWS Direct Connect'),
    });
  });
});
