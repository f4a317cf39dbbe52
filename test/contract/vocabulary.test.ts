import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearApiKeyCache } from '../../functions/providers/apiKey';
import {
  deeplTranslationConfig,
  openaiCompatibleSpeechToTextConfig,
  openaiCompatibleTranslationConfig,
} from '../../functions/providers/providerConfigs';
import { OpenAiCompatibleSpeechToText } from '../../functions/providers/speechToText/openaiCompatible';
import { DeeplTranslation } from '../../functions/providers/translation/deepl';
import { OpenAiCompatibleChatTranslation } from '../../functions/providers/translation/openaiCompatibleChat';
import { type FakeServer, formData, jsonBody, startFakeServer } from './support/fakeServer';
import { apiKey, fastTransport, speechToTextRequest, verboseJson } from './support/providers';

const TERMS = ['Wohngeld', 'Bürgergeld', 'Aktenzeichen'];

describe('Domain vocabulary: providers that take it', () => {
  let server: FakeServer;
  beforeEach(() => clearApiKeyCache());
  afterEach(() => server.close());

  const stt = (overrides: Record<string, unknown> = {}) =>
    new OpenAiCompatibleSpeechToText(
      openaiCompatibleSpeechToTextConfig.parse({
        type: 'openai-compatible',
        baseUrl: server.baseUrl,
        model: 'whisper-large-v3',
        ...fastTransport,
        ...overrides,
      }),
      { apiKey },
    );

  it('sends the terms as a Whisper prompt by default', async () => {
    server = await startFakeServer(() => ({ body: verboseJson }));
    await stt().transcribe({ ...speechToTextRequest(), vocabulary: TERMS });
    const form = await formData(server.requests[0] as NonNullable<FakeServer['requests'][0]>);
    expect(form.get('prompt')).toBe('Wohngeld, Bürgergeld, Aktenzeichen');
    expect(form.has('context_bias')).toBe(false);
  });

  it('sends one context_bias field per term for Voxtral', async () => {
    server = await startFakeServer(() => ({ body: verboseJson }));
    await stt({ vocabularyField: 'context_bias' }).transcribe({
      ...speechToTextRequest(),
      vocabulary: TERMS,
    });
    const form = await formData(server.requests[0] as NonNullable<FakeServer['requests'][0]>);
    expect(form.getAll('context_bias')).toEqual(TERMS);
    expect(form.has('prompt')).toBe(false);
  });

  it('creates a DeepL glossary mapping each term to itself once, and translates with it', async () => {
    server = await startFakeServer((request) =>
      request.path === '/v2/glossaries'
        ? { status: 201, body: { glossary_id: 'g-123', ready: true } }
        : {
            body: {
              translations: (jsonBody(request).text as string[]).map((text) => ({ text })),
            },
          },
    );
    const deepl = new DeeplTranslation(
      deeplTranslationConfig.parse({ type: 'deepl', baseUrl: server.origin, ...fastTransport }),
      { apiKey },
    );
    for (const text of ['Wohngeld beantragen', 'Aktenzeichen nennen']) {
      await deepl.translate({ texts: [text], from: 'de', to: 'tr', glossary: TERMS });
    }
    const [create, ...translations] = server.requests;
    expect(create?.path).toBe('/v2/glossaries');
    expect(jsonBody(create as NonNullable<typeof create>)).toMatchObject({
      source_lang: 'DE',
      target_lang: 'TR',
      entries: 'Wohngeld\tWohngeld\nBürgergeld\tBürgergeld\nAktenzeichen\tAktenzeichen',
      entries_format: 'tsv',
    });
    expect(translations.map((r) => jsonBody(r).glossary_id)).toEqual(['g-123', 'g-123']);
  });

  it('translates without a glossary when DeepL refuses one for the pair', async () => {
    server = await startFakeServer((request) =>
      request.path === '/v2/glossaries'
        ? { status: 400, body: { message: 'Unsupported glossary language pair' } }
        : {
            body: { translations: (jsonBody(request).text as string[]).map((text) => ({ text })) },
          },
    );
    const deepl = new DeeplTranslation(
      deeplTranslationConfig.parse({ type: 'deepl', baseUrl: server.origin, ...fastTransport }),
      { apiKey },
    );
    const result = await deepl.translate({
      texts: ['Wohngeld'],
      from: 'de',
      to: 'uk',
      glossary: TERMS,
    });
    expect(result.texts).toEqual(['Wohngeld']);
    expect(
      jsonBody(server.requests.at(-1) as NonNullable<FakeServer['requests'][0]>),
    ).not.toHaveProperty('glossary_id');
  });

  it('tells an LLM translator to keep the terms', async () => {
    server = await startFakeServer(() => ({
      body: {
        choices: [{ message: { content: JSON.stringify({ translations: ['Wohngeld'] }) } }],
      },
    }));
    const llm = new OpenAiCompatibleChatTranslation(
      openaiCompatibleTranslationConfig.parse({
        type: 'openai-compatible',
        baseUrl: server.baseUrl,
        model: 'mistral-small',
        ...fastTransport,
      }),
      { apiKey },
    );
    await llm.translate({ texts: ['Wohngeld'], from: 'de', to: 'tr', glossary: TERMS });
    const system = (
      jsonBody(server.requests[0] as NonNullable<FakeServer['requests'][0]>).messages as Array<{
        content: string;
      }>
    )[0]?.content;
    expect(system).toContain(
      'Keep these terms exactly as written, untranslated: ["Wohngeld","Bürgergeld","Aktenzeichen"]',
    );
  });
});
