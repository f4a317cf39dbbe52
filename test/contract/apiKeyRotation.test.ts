import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearApiKeyCache } from '../../functions/providers/apiKey';
import { openaiCompatibleSummarizationConfig } from '../../functions/providers/providerConfigs';
import { OpenAiCompatibleSummarization } from '../../functions/providers/summarization/openaiCompatible';
import { ProviderRejectedError } from '../../functions/shared/errors';
import { type FakeSecretsManager, startFakeSecretsManager } from '../support/fakeSecretsManager';
import { type FakeServer, startFakeServer } from './support/fakeServer';
import { chatAnswer, transcript, validSummary } from './support/providers';

const SECRET = 'callbrief/mistral-api-key';

describe('Class: OpenAiCompatibleSummarization with a key in Secrets Manager', () => {
  let secrets: FakeSecretsManager;
  let llm: FakeServer;
  /** The one key the LLM accepts right now. */
  let validKey: string;

  beforeEach(async () => {
    clearApiKeyCache();
    validKey = 'key-1';
    secrets = await startFakeSecretsManager({ [SECRET]: JSON.stringify({ apiKey: 'key-1' }) });
    llm = await startFakeServer((request) =>
      request.headers.authorization === `Bearer ${validKey}`
        ? { body: chatAnswer(JSON.stringify(validSummary)) }
        : { status: 401, body: { error: { code: 'invalid_api_key', message: 'no' } } },
    );
  });

  afterEach(async () => {
    await Promise.all([secrets.close(), llm.close()]);
  });

  const provider = (maxAge?: number) =>
    new OpenAiCompatibleSummarization(
      openaiCompatibleSummarizationConfig.parse({
        type: 'openai-compatible',
        baseUrl: llm.baseUrl,
        model: 'm',
        apiKeySecretId: SECRET,
        allowLoopback: true,
        retryBaseDelayMs: 1,
        ...(maxAge ? { apiKeyMaxAgeSeconds: maxAge } : {}),
      }),
      { apiKey: { secretsClient: secrets.client() } },
    );

  it('reuses the cached key while it is fresh', async () => {
    const summarizer = provider();

    await summarizer.summarize({ transcript });
    await summarizer.summarize({ transcript });

    expect(secrets.reads()).toBe(1);
    expect(llm.requests).toHaveLength(2);
  });

  it('refreshes the key on the first 401 after a rotation and the call succeeds', async () => {
    // Prepare: a warm function holds key-1; then the key is rotated.
    const summarizer = provider();
    await summarizer.summarize({ transcript });
    secrets.secrets.set(SECRET, JSON.stringify({ apiKey: 'key-2' }));
    validKey = 'key-2';

    // Act
    const result = await summarizer.summarize({ transcript });

    // Assess
    expect(result.summary.reason_for_contact).toBe(validSummary.reason_for_contact);
    expect(secrets.reads()).toBe(2);
    expect(llm.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer key-1',
      'Bearer key-1',
      'Bearer key-2',
    ]);
  });

  it('fails permanently after one fresh read when the key in the secret is refused too', async () => {
    validKey = 'nobody-has-this';

    const error = await provider()
      .summarize({ transcript })
      .catch((e) => e);

    expect(error).toBeInstanceOf(ProviderRejectedError);
    expect((error as Error).message).toMatch(/HTTP 401\) \(code invalid_api_key\)/);
    expect((error as Error).message).not.toContain('key-1');
    expect(secrets.reads()).toBe(2);
    // The fresh read returned the same key: no second request with it.
    expect(llm.requests).toHaveLength(1);
  });

  it('reads the secret again once apiKeyMaxAgeSeconds have passed', async () => {
    const summarizer = provider(1);
    await summarizer.summarize({ transcript });

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await summarizer.summarize({ transcript });

    expect(secrets.reads()).toBe(2);
  });
});
