import { describe, expect, it } from 'vitest';
import {
  allowedHostSchema,
  deeplTranslationConfig,
  openaiCompatibleSpeechToTextConfig,
  openaiCompatibleTranslationConfig,
} from '../../../../functions/providers/providerConfigs';

const messages = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];

describe('Schema: provider configs', () => {
  it('fills the transport defaults for an EU endpoint', () => {
    const config = openaiCompatibleSpeechToTextConfig.parse({
      type: 'openai-compatible',
      baseUrl: 'https://api.eu.mistral.ai/v1',
      model: 'voxtral-mini-transcribe-3',
      apiKeySecretId: 'callbrief/mistral',
    });

    expect(config).toMatchObject({
      maxRetries: 4,
      maxConcurrency: 4,
      maxUploadBytes: 25_000_000,
      allowLoopback: false,
      timestampGranularities: ['segment', 'word'],
    });
  });

  it('refuses a baseUrl outside the allow-list at parse time', () => {
    const result = openaiCompatibleTranslationConfig.safeParse({
      type: 'openai-compatible',
      baseUrl: 'https://api.mistral.ai/v1',
      model: 'm',
    });

    expect(messages(result)).toEqual([
      expect.stringMatching(/^baseUrl: Egress to "api.mistral.ai" refused/),
    ]);
  });

  it('accepts an extra EU host and refuses a US one', () => {
    const base = { type: 'openai-compatible', baseUrl: 'https://llm.example.eu/v1', model: 'm' };
    const eu = {
      host: 'llm.example.eu',
      operator: 'Stadtwerke IT',
      country: 'AT',
      jurisdiction: 'EU',
    };

    expect(
      openaiCompatibleTranslationConfig.safeParse({ ...base, extraAllowedHosts: [eu] }).success,
    ).toBe(true);
    const us = openaiCompatibleTranslationConfig.safeParse({
      ...base,
      extraAllowedHosts: [{ ...eu, country: 'US' }],
    });
    expect(messages(us)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^extraAllowedHosts\.0\.country: "US" is not an EU\/EEA country code/,
        ),
      ]),
    );
  });

  it('requires the jurisdiction to match the country', () => {
    const result = allowedHostSchema.safeParse({
      host: 'a.example.is',
      operator: 'o',
      country: 'IS',
      jurisdiction: 'EU',
    });

    expect(messages(result)).toEqual([expect.stringMatching(/^jurisdiction: /)]);
  });

  it('requires exactly one key source for DeepL', () => {
    expect(messages(deeplTranslationConfig.safeParse({ type: 'deepl' }))).toEqual([
      'apiKeyEnv: an API key is required: set apiKeyEnv or apiKeySecretId',
    ]);
    expect(
      messages(
        deeplTranslationConfig.safeParse({ type: 'deepl', apiKeyEnv: 'A', apiKeySecretId: 'b' }),
      ),
    ).toEqual(['apiKeySecretId: set apiKeyEnv or apiKeySecretId, not both']);
  });
});
