import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearApiKeyCache } from '../../functions/providers/apiKey';
import { openaiCompatibleTranslationConfig } from '../../functions/providers/providerConfigs';
import {
  OpenAiCompatibleChatTranslation,
  TRANSLATION_PROMPT_VERSION,
} from '../../functions/providers/translation/openaiCompatibleChat';
import { TransientError } from '../../functions/shared/errors';
import {
  type FakeServer,
  jsonBody,
  type RecordedRequest,
  sequence,
  startFakeServer,
} from './support/fakeServer';
import { apiKey, chatAnswer, chatTexts, fastTransport } from './support/providers';

const translateAll = (request: RecordedRequest) => ({
  body: chatAnswer(
    JSON.stringify({ translations: chatTexts(request).map((text) => `de:${text}`) }),
  ),
});
const dropOne = (request: RecordedRequest) => ({
  body: chatAnswer(JSON.stringify({ translations: chatTexts(request).slice(1) })),
});

function provider(server: FakeServer, overrides: Record<string, unknown> = {}) {
  const config = openaiCompatibleTranslationConfig.parse({
    type: 'openai-compatible',
    baseUrl: server.baseUrl,
    model: 'mistral-small-latest',
    ...fastTransport,
    ...overrides,
  });
  return new OpenAiCompatibleChatTranslation(config, { apiKey });
}

describe('Class: OpenAiCompatibleChatTranslation', () => {
  let server: FakeServer;
  beforeEach(() => clearApiKeyCache());
  afterEach(() => server.close());

  it('asks for a JSON schema pinned to the batch size and returns the translations in order', async () => {
    // Prepare
    server = await startFakeServer(translateAll);

    // Act
    const result = await provider(server).translate({
      texts: ['Hola', 'Adiós'],
      from: 'es',
      to: 'de',
    });

    // Assess
    const body = jsonBody(server.requests[0] as RecordedRequest);
    expect(body).toMatchObject({
      model: 'mistral-small-latest',
      temperature: 0,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'translations',
          schema: { properties: { translations: { minItems: 2, maxItems: 2 } } },
        },
      },
    });
    const system = (body.messages as { role: string; content: string }[])[0];
    expect(system?.role).toBe('system');
    expect(system?.content).toContain('from Spanish (es) to German (de)');
    expect(result.texts).toEqual(['de:Hola', 'de:Adiós']);
    expect(result.provenance).toMatchObject({
      provider: 'openai-compatible',
      model: 'mistral-small-latest',
      model_version: 'served-model-2026',
      prompt_version: TRANSLATION_PROMPT_VERSION,
    });
  });

  it('splits the texts into batches of batchSize and reassembles them in order', async () => {
    server = await startFakeServer(translateAll);
    const texts = ['a', 'b', '', 'c', 'd', 'e'];

    const result = await provider(server, { batchSize: 2 }).translate({
      texts,
      from: 'es',
      to: 'de',
    });

    expect(server.requests.map((request) => chatTexts(request))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e'],
    ]);
    expect(result.texts).toEqual(['de:a', 'de:b', '', 'de:c', 'de:d', 'de:e']);
  });

  it('asks a miscounted batch once more and uses the aligned second answer', async () => {
    server = await startFakeServer(sequence(dropOne, translateAll));

    const result = await provider(server).translate({
      texts: ['uno', 'dos'],
      from: 'es',
      to: 'de',
    });

    expect(server.requests).toHaveLength(2);
    expect(result.texts).toEqual(['de:uno', 'de:dos']);
  });

  it('throws TransientError when the batch comes back miscounted twice', async () => {
    server = await startFakeServer(dropOne);

    const error = await provider(server)
      .translate({ texts: ['uno', 'dos'], from: 'es', to: 'de' })
      .catch((e) => e);

    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toMatch(/misaligned translations twice: expected 2 translations, got 1/);
    expect(server.requests).toHaveLength(2);
  });

  it('reads JSON wrapped in prose and code fences from a server that ignores response_format', async () => {
    server = await startFakeServer((request) => ({
      body: chatAnswer(
        `Here you go:\n\`\`\`json\n${JSON.stringify({ translations: chatTexts(request).map((t) => t.toUpperCase()) })}\n\`\`\``,
      ),
    }));

    const result = await provider(server, { structuredOutput: 'none' }).translate({
      texts: ['hola'],
      from: 'es',
      to: 'de',
    });

    expect(jsonBody(server.requests[0] as RecordedRequest)).not.toHaveProperty('response_format');
    expect(result.texts).toEqual(['HOLA']);
  });
});
