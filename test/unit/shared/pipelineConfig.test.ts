import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertApiKeyVariablesSet } from '../../../functions/providers/requiredApiKeys';
import { ConfigurationError } from '../../../functions/shared/errors';
import { hostBinarySettings, parsePipelineConfig } from '../../../functions/shared/pipelineConfig';

const examplesDir = 'config/examples';
const read = (file: string) => JSON.parse(readFileSync(file, 'utf-8')) as Record<string, unknown>;
const base = read(join(examplesDir, 'mistral-eu.json'));

describe('Function: parsePipelineConfig', () => {
  it.each(readdirSync(examplesDir))('accepts the documented example %s', (file) => {
    expect(() => parsePipelineConfig(read(join(examplesDir, file)))).not.toThrow();
  });

  it('accepts the local default and the deployable default', () => {
    expect(hostBinarySettings(parsePipelineConfig(read('callbrief.config.json')))).toHaveLength(2);
    expect(hostBinarySettings(parsePipelineConfig(read('config/eusc.json')))).toEqual([]);
  });

  it('names the field of an unknown provider type', () => {
    const config = { ...base, speechToText: { type: 'whisper-cloud-us' } };
    expect(() => parsePipelineConfig(config)).toThrow(/speechToText\.type/);
  });

  it('names the field of a missing model', () => {
    const { model: _omitted, ...withoutModel } = base.summarization as Record<string, unknown>;
    expect(() => parsePipelineConfig({ ...base, summarization: withoutModel })).toThrow(
      /summarization\.model/,
    );
  });

  it('refuses a host outside the EU allow-list, naming the field and the host', () => {
    const config = {
      ...base,
      translation: { type: 'openai-compatible', baseUrl: 'https://api.openai.com/v1', model: 'x' },
    };
    expect(() => parsePipelineConfig(config)).toThrow(/translation\.baseUrl.*api\.openai\.com/s);
  });

  it("refuses Mistral's global endpoint in favour of the EU one", () => {
    const stt = { ...(base.speechToText as object), baseUrl: 'https://api.mistral.ai/v1' };
    expect(() => parsePipelineConfig({ ...base, speechToText: stt })).toThrow(
      /api\.eu\.mistral\.ai/,
    );
  });
});

describe('Function: assertApiKeyVariablesSet', () => {
  const local = parsePipelineConfig(read(join(examplesDir, 'local-deepl-env.json')));

  it('names each provider whose key variable is not set', () => {
    expect(() => assertApiKeyVariablesSet(local, { MISTRAL_API_KEY: 'k' })).toThrow(
      /translation\.apiKeyEnv: environment variable DEEPL_API_KEY is not set/,
    );
    expect(() => assertApiKeyVariablesSet(local, {})).toThrow(ConfigurationError);
  });

  it('passes when every named variable is set', () => {
    expect(() =>
      assertApiKeyVariablesSet(local, { MISTRAL_API_KEY: 'k', DEEPL_API_KEY: 'k:fx' }),
    ).not.toThrow();
  });
});
