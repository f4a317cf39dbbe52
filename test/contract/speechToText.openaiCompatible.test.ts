import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearApiKeyCache } from '../../functions/providers/apiKey';
import { openaiCompatibleSpeechToTextConfig } from '../../functions/providers/providerConfigs';
import { OpenAiCompatibleSpeechToText } from '../../functions/providers/speechToText/openaiCompatible';
import { TransientError, UnsupportedAudioError } from '../../functions/shared/errors';
import { type FakeServer, formData, sequence, startFakeServer } from './support/fakeServer';
import { apiKey, fastTransport, speechToTextRequest, verboseJson } from './support/providers';

function provider(server: FakeServer, overrides: Record<string, unknown> = {}) {
  const config = openaiCompatibleSpeechToTextConfig.parse({
    type: 'openai-compatible',
    baseUrl: server.baseUrl,
    model: 'voxtral-mini-transcribe-3',
    ...fastTransport,
    ...overrides,
  });
  return new OpenAiCompatibleSpeechToText(config, { apiKey });
}

describe('Class: OpenAiCompatibleSpeechToText', () => {
  let server: FakeServer;
  beforeEach(() => clearApiKeyCache());
  afterEach(() => server.close());

  it('sends model, file, language, verbose_json and both timestamp granularities as multipart', async () => {
    // Prepare
    server = await startFakeServer(() => ({ body: verboseJson }));
    const request = speechToTextRequest();

    // Act
    await provider(server).transcribe(request);

    // Assess
    const received = server.requests[0];
    expect(received?.method).toBe('POST');
    expect(received?.path).toBe('/v1/audio/transcriptions');
    expect(String(received?.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    const form = await formData(received as NonNullable<typeof received>);
    expect(form.get('model')).toBe('voxtral-mini-transcribe-3');
    expect(form.get('language')).toBe('es');
    expect(form.get('response_format')).toBe('verbose_json');
    expect(form.getAll('timestamp_granularities[]')).toEqual(['segment', 'word']);
    expect(form.has('diarize')).toBe(false);
    const file = form.get('file') as File;
    expect(file.name).toBe('call-left.wav');
    expect(file.type).toBe('audio/wav');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(readFileSync(request.audioPath));
  });

  it('builds turns from segments, gives each its words, and maps a language name to its code', async () => {
    server = await startFakeServer(() => ({ body: verboseJson }));

    const result = await provider(server).transcribe(speechToTextRequest());

    expect(result.language).toBe('es');
    expect(result.turns).toEqual([
      {
        index: 0,
        speaker: 'caller',
        start: 0,
        end: 2,
        text: 'Hola, buenos días.',
        words: [
          { text: 'Hola,', start: 0, end: 0.6, confidence: 0.98 },
          { text: 'buenos', start: 0.7, end: 1.2 },
          { text: 'días.', start: 1.2, end: 2 },
        ],
      },
      expect.objectContaining({
        index: 1,
        speaker: 'caller',
        start: 2.4,
        end: 5.1,
        text: 'Necesito ayuda con mi solicitud.',
      }),
    ]);
    expect(result.turns[1]?.words).toHaveLength(5);
    expect(result.turns[0]?.channel).toBeUndefined();
    expect(result.provenance).toMatchObject({
      provider: 'openai-compatible',
      model: 'voxtral-mini-transcribe-3',
      endpoint_host: new URL(server.origin).host,
    });
    expect(result.provenance.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it('sends diarize=true and maps speaker labels through speakerRoles, unmapped ones to unknown', async () => {
    server = await startFakeServer(() => ({
      body: {
        text: 'a b c',
        language: 'de',
        segments: [
          { start: 0, end: 1, text: 'Jobcenter, guten Tag.', speaker_id: 'speaker_0' },
          { start: 1.2, end: 3, text: 'Hallo, ich rufe an wegen…', speaker_id: 'speaker_1' },
          { start: 3.1, end: 4, text: '(Kind im Hintergrund)', speaker_id: 'speaker_2' },
        ],
      },
    }));

    const result = await provider(server, {
      diarize: true,
      speakerRoles: { speaker_0: 'agent', speaker_1: 'caller' },
    }).transcribe({
      ...speechToTextRequest(),
      language: undefined,
      channelRoles: { '0': 'unknown' },
    });

    const form = await formData(server.requests[0] as NonNullable<(typeof server.requests)[0]>);
    expect(form.get('diarize')).toBe('true');
    expect(form.has('language')).toBe(false);
    expect(result.turns.map((turn) => turn.speaker)).toEqual(['agent', 'caller', 'unknown']);
    expect(result.language).toBe('de');
  });

  it.each([415, 413])(
    'throws UnsupportedAudioError without retrying on HTTP %i',
    async (status) => {
      server = await startFakeServer(() => ({ status, body: { error: 'unsupported file' } }));

      const error = await provider(server)
        .transcribe(speechToTextRequest())
        .catch((e) => e);

      expect(error).toBeInstanceOf(UnsupportedAudioError);
      expect(error.code).toBe('unsupported-audio');
      expect(server.requests).toHaveLength(1);
    },
  );

  it('sends the whole file again when it retries after a 503', async () => {
    server = await startFakeServer(sequence({ status: 503, body: 'busy' }, { body: verboseJson }));
    const request = speechToTextRequest();

    await provider(server).transcribe(request);

    expect(server.requests).toHaveLength(2);
    const retried = (
      await formData(server.requests[1] as NonNullable<(typeof server.requests)[1]>)
    ).get('file') as File;
    expect(Buffer.from(await retried.arrayBuffer())).toEqual(readFileSync(request.audioPath));
  });

  it('retries an upload whose connection is refused, then throws TransientError', async () => {
    // A server that was there and is gone: its port now refuses connections.
    server = await startFakeServer(() => ({ body: verboseJson }));
    const gone = provider(server);
    await server.close();

    const error = await gone.transcribe(speechToTextRequest()).catch((e) => e);

    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toMatch(/network error: .*ECONNREFUSED.*gave up after \d+ attempts/);
  });

  it('refuses a file above maxUploadBytes before any request', async () => {
    server = await startFakeServer(() => ({ body: verboseJson }));
    const request = speechToTextRequest();
    writeFileSync(`${request.audioPath}.big.wav`, Buffer.alloc(4096));

    const error = await provider(server, { maxUploadBytes: 4000 })
      .transcribe({ ...request, audioPath: `${request.audioPath}.big.wav` })
      .catch((e) => e);

    expect(error).toBeInstanceOf(UnsupportedAudioError);
    expect(error.message).toContain('maxUploadBytes');
    expect(server.requests).toHaveLength(0);
  });

  it('keeps the text as one turn when the server ignores verbose_json', async () => {
    server = await startFakeServer(() => ({ body: { text: ' Hola. ' } }));

    const result = await provider(server).transcribe(speechToTextRequest());

    expect(result.turns).toEqual([
      { index: 0, speaker: 'caller', start: 0, end: 9.5, text: 'Hola.' },
    ]);
    expect(result.language).toBe('es');
  });
});
