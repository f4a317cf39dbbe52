import { describe, expect, it } from 'vitest';
import { EU_ENDPOINTS } from '../../../../functions/providers/euEndpoints';
import { assertAllowedUrl, buildAllowList } from '../../../../functions/providers/http/egressGuard';
import { ConfigurationError } from '../../../../functions/shared/errors';

const strict = buildAllowList({ setting: 'summarization' });
const local = buildAllowList({ setting: 'summarization', allowLoopback: true });

function refusal(url: string, allowList = strict): ConfigurationError {
  try {
    assertAllowedUrl(url, allowList);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error(`expected ${url} to be refused`);
}

describe('Function: assertAllowedUrl', () => {
  it.each(EU_ENDPOINTS.map((entry) => entry.host))('allows https://%s', (host) => {
    expect(assertAllowedUrl(`https://${host}/v1/chat/completions`, strict).hostname).toBe(host);
  });

  it('refuses the global Mistral endpoint and names the EU one, the host and the setting', () => {
    const error = refusal('https://api.mistral.ai/v1/audio/transcriptions');

    expect(error.message).toContain('"api.mistral.ai"');
    expect(error.message).toContain('api.eu.mistral.ai');
    expect(error.message).toContain('summarization.baseUrl');
    expect(error.message).toContain('summarization.extraAllowedHosts');
  });

  it.each([
    'https://api.openai.com/v1',
    'https://api.eu.mistral.ai.evil.example/v1',
    'https://eu.mistral.ai/v1',
  ])('refuses %s', (url) => {
    expect(refusal(url).message).toMatch(/not on the EU allow-list/);
  });

  it('refuses plain http to an allow-listed host', () => {
    expect(refusal('http://api.deepl.com/v2/translate').message).toMatch(
      /scheme "http:" is not allowed/,
    );
  });

  it('refuses loopback hosts unless allowLoopback is set, then allows http and https', () => {
    expect(refusal('http://127.0.0.1:8080/v1').message).toContain('summarization.allowLoopback');
    for (const url of [
      'http://localhost:8000/v1',
      'https://127.0.0.1/v1',
      'http://[::1]:9000/v1',
    ]) {
      expect(() => assertAllowedUrl(url, local)).not.toThrow();
    }
  });

  it('still refuses non-loopback hosts when allowLoopback is set', () => {
    expect(refusal('http://10.0.0.5/v1', local).message).toMatch(/not on the EU allow-list/);
  });

  it('refuses credentials in the URL', () => {
    expect(refusal('https://user:secret@api.deepl.com/v2').message).toMatch(
      /must not contain credentials/,
    );
  });

  it('refuses a malformed URL as a configuration error', () => {
    expect(refusal('not a url').message).toContain('summarization.baseUrl');
  });
});

describe('Function: buildAllowList', () => {
  it('adds an extra host in an EU or EEA country', () => {
    const list = buildAllowList({
      setting: 'translation',
      extraAllowedHosts: [
        {
          host: 'llm.example.de',
          operator: 'Landesrechenzentrum',
          country: 'DE',
          jurisdiction: 'EU',
        },
        { host: 'llm.example.no', operator: 'Norsk Sky', country: 'NO', jurisdiction: 'EEA' },
      ],
    });

    expect(() => assertAllowedUrl('https://llm.example.de/v1', list)).not.toThrow();
    expect(() => assertAllowedUrl('https://llm.example.no/v1', list)).not.toThrow();
  });

  it('refuses an extra host outside the EU/EEA', () => {
    expect(() =>
      buildAllowList({
        setting: 'translation',
        extraAllowedHosts: [
          { host: 'llm.example.com', operator: 'X', country: 'US', jurisdiction: 'EU' },
        ],
      }),
    ).toThrow(/"US", which is not an EU\/EEA member/);
  });

  it('refuses a loopback host smuggled in as an extra host', () => {
    expect(() =>
      buildAllowList({
        setting: 'translation',
        extraAllowedHosts: [
          { host: 'localhost', operator: 'me', country: 'DE', jurisdiction: 'EU' },
        ],
      }),
    ).toThrow(/set translation.allowLoopback instead/);
  });
});
