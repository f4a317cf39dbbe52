import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseSummary, Transcript, Translation } from '../../functions/shared/documents';
import {
  type FakeServer,
  type RecordedRequest,
  startFakeServer,
} from '../contract/support/fakeServer';

const run = promisify(execFile);

/** The multipart field `name` of a transcription request, read as text. */
function formField(request: RecordedRequest, name: string): string | undefined {
  const match = request.body
    .toString('latin1')
    .match(new RegExp(`name="${name}"\\r\\n\\r\\n([^\\r]*)`));
  return match?.[1];
}

/** verbose_json as Mistral, OVHcloud or a faster-whisper server answers it; one segment per channel. */
function transcription(callIndex: number) {
  const text =
    callIndex === 0 ? 'I would like to register my new address' : 'I will send you the form today';
  const words = text
    .split(' ')
    .map((word, i) => ({ word, start: 1 + i * 0.4, end: 1.3 + i * 0.4 }));
  return {
    language: 'english',
    duration: 10,
    text,
    segments: [{ id: 0, start: 1, end: words.at(-1)?.end ?? 1, text }],
    words,
  };
}

const summaryAnswer = {
  reason_for_contact: 'The caller wants to register a new address.',
  key_facts: ['The family moved last month.'],
  next_steps: [
    { action: 'Send the application form by e-mail.', owner: 'authority', due: 'today' },
  ],
  open_questions: [],
  sentiment: {
    overall: 'positive',
    per_speaker: { agent: 'positive', caller: 'neutral', unknown: null },
  },
};

describe('Integration: npm start with EU HTTP providers pointed at local servers', () => {
  let dir: string;
  let stt: FakeServer;
  let deepl: FakeServer;
  let chat: FakeServer;
  let output: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callbrief-http-'));
    stt = await startFakeServer((_request, index) => ({ body: transcription(index) }));
    deepl = await startFakeServer((request) => {
      const { text } = JSON.parse(request.body.toString()) as { text: string[] };
      return {
        body: {
          translations: text.map((t) => ({ detected_source_language: 'EN', text: `[ES] ${t}` })),
        },
      };
    });
    chat = await startFakeServer(() => ({
      body: {
        model: 'mistral-medium-test',
        choices: [{ message: { role: 'assistant', content: JSON.stringify(summaryAnswer) } }],
      },
    }));
    const transport = {
      apiKeyEnv: 'CALLBRIEF_TEST_KEY',
      allowLoopback: true,
      retryBaseDelayMs: 10,
    };
    const config = {
      speechToText: {
        type: 'openai-compatible',
        baseUrl: stt.baseUrl,
        model: 'voxtral-mini-transcribe-3',
        ...transport,
      },
      translation: { type: 'deepl', baseUrl: deepl.origin, ...transport },
      summarization: {
        type: 'openai-compatible',
        baseUrl: chat.baseUrl,
        model: 'mistral-medium-test',
        ...transport,
      },
      languages: { caseWorker: 'es' },
      // One piece at a time, channel 0 first, so the server's n-th answer belongs to channel n.
      transcriptionConcurrency: 1,
    };
    const configPath = join(dir, 'config.json');
    await writeFile(configPath, JSON.stringify(config));
    output = join(dir, 'out');
    const result = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'local/cli.ts',
        '--config',
        configPath,
        '--out',
        output,
        '--state',
        join(dir, 'state'),
        'samples/citizen-call.wav',
      ],
      {
        env: {
          ...process.env,
          CALLBRIEF_TEST_KEY: 'test-key-123',
          NODE_OPTIONS: '--openssl-legacy-provider',
        },
      },
    );
    expect(result.stdout).toContain('1 of 1 recordings summarized');
  });

  afterAll(async () => {
    await Promise.all([stt?.close(), deepl?.close(), chat?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  const artifact = async <T>(name: string): Promise<T> =>
    JSON.parse(
      await readFile(
        join(output, 'cases', 'CASE-2026-0042', 'contacts', 'call-0001', name),
        'utf-8',
      ),
    ) as T;

  it('sends each channel of the stereo call as its own verbose_json request', () => {
    expect(stt.requests).toHaveLength(2);
    for (const request of stt.requests) {
      expect(request.path).toBe('/v1/audio/transcriptions');
      expect(request.headers.authorization).toBe('Bearer test-key-123');
      expect(formField(request, 'model')).toBe('voxtral-mini-transcribe-3');
      expect(formField(request, 'response_format')).toBe('verbose_json');
    }
  });

  it("keeps the server's segments, words and times and maps channels to roles", async () => {
    const transcript = await artifact<Transcript>('transcript.json');
    expect(transcript.language).toBe('en');
    expect(transcript.provenance).toMatchObject({
      provider: 'openai-compatible',
      endpoint_host: expect.stringMatching(/^127\.0\.0\.1/),
    });
    const texts = transcript.turns.map((turn) => [turn.speaker, turn.text, turn.start]);
    expect(texts).toEqual(
      expect.arrayContaining([
        ['caller', expect.stringMatching(/register my new address/), 1],
        ['agent', expect.stringMatching(/send you the form/), 1],
      ]),
    );
    const words = transcript.turns.flatMap((turn) => turn.words ?? []);
    expect(words[0]).toMatchObject({ start: 1, end: 1.3 });
  });

  it('translates with DeepL and summarizes with the chat model, in both languages', async () => {
    const translation = await artifact<Translation>('translation.es.json');
    expect(translation.turns.every((turn) => turn.text.startsWith('[ES] '))).toBe(true);
    const summary = await artifact<CaseSummary>('summary.json');
    // Made from the case worker's (Spanish) view; the caller's version is translated from it.
    expect(summary.summary.reason_for_contact).toBe(summaryAnswer.reason_for_contact);
    expect(summary.caller_summary.reason_for_contact).toBe(
      `[ES] ${summaryAnswer.reason_for_contact}`,
    );
    expect(summary.summary.next_steps[0]).toMatchObject({ owner: 'authority', due: 'today' });
    expect(summary.sentiment.method).toMatch(/^llm:/);
    expect(summary.provenance.summarization.provider).toBe('openai-compatible');
  });
});
