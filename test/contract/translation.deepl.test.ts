import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearApiKeyCache } from '../../functions/providers/apiKey';
import { deeplTranslationConfig } from '../../functions/providers/providerConfigs';
import {
  DeeplTranslation,
  toDeeplSource,
  toDeeplTarget,
} from '../../functions/providers/translation/deepl';
import { TransientError } from '../../functions/shared/errors';
import {
  type FakeServer,
  jsonBody,
  type RecordedRequest,
  startFakeServer,
} from './support/fakeServer';
import { apiKey, fastTransport } from './support/providers';

const translateAll = (request: RecordedRequest) => ({
  body: {
    translations: (jsonBody(request).text as string[]).map((text) => ({
      detected_source_language: 'ES',
      text: `de:${text}`,
    })),
  },
});

function provider(server: FakeServer, overrides: Record<string, unknown> = {}) {
  const config = deeplTranslationConfig.parse({
    type: 'deepl',
    baseUrl: server.origin,
    ...fastTransport,
    ...overrides,
  });
  return new DeeplTranslation(config, { apiKey });
}

describe('Class: DeeplTranslation', () => {
  let server: FakeServer;
  beforeEach(() => clearApiKeyCache());
  afterEach(() => server.close());

  it('posts batches of at most 50 texts to /v2/translate and keeps every text in its place', async () => {
    // Prepare
    server = await startFakeServer(translateAll);
    const texts = Array.from({ length: 121 }, (_, index) => (index === 7 ? '  ' : `t${index}`));

    // Act
    const result = await provider(server).translate({ texts, from: 'es', to: 'de' });

    // Assess: the blank text is not sent and comes back blank.
    expect(server.requests.map((request) => (jsonBody(request).text as string[]).length)).toEqual([
      50, 50, 20,
    ]);
    expect(server.requests.every((request) => request.path === '/v2/translate')).toBe(true);
    expect(jsonBody(server.requests[0] as RecordedRequest)).toMatchObject({
      source_lang: 'ES',
      target_lang: 'DE',
    });
    expect(result.texts).toHaveLength(121);
    expect(result.texts[0]).toBe('de:t0');
    expect(result.texts[7]).toBe('  ');
    expect(result.texts[120]).toBe('de:t120');
    expect(result.provenance).toMatchObject({
      provider: 'deepl',
      endpoint_host: new URL(server.origin).host,
    });
  });

  it('asks for British English and European Portuguese targets by default', async () => {
    server = await startFakeServer(translateAll);

    await provider(server).translate({ texts: ['Hallo'], from: 'de', to: 'en' });
    await provider(server, { portugueseVariant: 'PT-BR' }).translate({
      texts: ['Hallo'],
      from: 'de',
      to: 'pt',
    });

    expect(server.requests.map((request) => jsonBody(request).target_lang)).toEqual([
      'EN-GB',
      'PT-BR',
    ]);
  });

  it('throws TransientError when DeepL keeps answering fewer translations than texts', async () => {
    server = await startFakeServer(() => ({ body: { translations: [{ text: 'only one' }] } }));

    const error = await provider(server, { maxRetries: 1 })
      .translate({ texts: ['a', 'b'], from: 'es', to: 'de' })
      .catch((e) => e);

    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toMatch(/sent 2 texts, got 1 back/);
    expect(server.requests).toHaveLength(2);
  });

  it('makes no request when every text is blank', async () => {
    server = await startFakeServer(translateAll);

    const result = await provider(server).translate({ texts: ['', ' '], from: 'es', to: 'de' });

    expect(result.texts).toEqual(['', ' ']);
    expect(server.requests).toHaveLength(0);
  });
});

describe('Function: toDeeplSource / toDeeplTarget', () => {
  const variants = { englishVariant: 'EN-GB', portugueseVariant: 'PT-PT' } as const;

  it.each([
    ['en', 'EN', 'EN-GB'],
    ['pt', 'PT', 'PT-PT'],
    ['en-US', 'EN', 'EN-US'],
    ['zh', 'ZH', 'ZH-HANS'],
    ['no', 'NB', 'NB'],
    ['uk', 'UK', 'UK'],
  ])('maps %s to source %s and target %s', (code, source, target) => {
    expect(toDeeplSource(code)).toBe(source);
    expect(toDeeplTarget(code, variants)).toBe(target);
  });
});
