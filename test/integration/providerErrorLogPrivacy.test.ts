import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePipelineConfig } from '../../functions/shared/pipelineConfig';
import { LocalPipeline } from '../../local/localPipeline';
import { type FakeServer, startFakeServer } from '../contract/support/fakeServer';

/** A name only the transcript holds; redaction is off so the prompt surely carries it. */
const SEEDED = ['Quastenberg', 'Wiltrud', 'Himbeerweg'];
const chat = {
  schema_version: '1.0',
  channel: 'chat',
  case_id: 'CASE-500',
  contact_id: 'chat-500',
  language: 'en',
  started_at: '2026-11-24T10:02:00Z',
  messages: [
    {
      sender: 'citizen',
      time: '2026-11-24T10:02:00Z',
      text: 'This is Wiltrud Quastenberg from Himbeerweg 4, about my housing benefit.',
    },
    { sender: 'agent', time: '2026-11-24T10:02:40Z', text: 'Thank you, I will check it.' },
  ],
};

describe('Integration: a provider error that echoes the prompt stays out of the logs', () => {
  let llm: FakeServer;
  let pipeline: LocalPipeline;
  const logLines: string[] = [];
  const streams = [process.stdout, process.stderr] as const;
  const originalWrites = streams.map((stream) => stream.write.bind(stream));

  beforeAll(async () => {
    // Prepare: an LLM that answers 500 and quotes the whole request, as some gateways do.
    llm = await startFakeServer((request) => {
      const { messages } = JSON.parse(request.body.toString()) as {
        messages: { role: string; content: string }[];
      };
      const prompt = messages.find((m) => m.role === 'user')?.content ?? '';
      return {
        status: 500,
        headers: { 'x-request-id': 'req-42' },
        body: { error: { message: `failed on: ${prompt}`, type: 'server_error' } },
      };
    });
    const config = parsePipelineConfig({
      speechToText: { type: 'pocketsphinx' },
      translation: { type: 'apertium' },
      summarization: {
        type: 'openai-compatible',
        baseUrl: llm.baseUrl,
        model: 'llm',
        allowLoopback: true,
        maxRetries: 1,
        retryBaseDelayMs: 1,
      },
      languages: { caseWorker: 'en' },
      redaction: { enabled: false },
    });
    // Every line on stdout and stderr (Powertools writes ERROR lines to stderr).
    streams.forEach((stream, i) => {
      const original = originalWrites[i] as (c: string | Uint8Array, ...r: unknown[]) => boolean;
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        logLines.push(String(chunk));
        return original(chunk, ...rest);
      }) as typeof stream.write;
    });
    pipeline = await LocalPipeline.start({
      pipeline: config,
      logLevel: 'DEBUG',
      maxReceiveCount: 2,
      retryDelaySeconds: 1,
    });

    // Act
    await pipeline.s3.send(
      new PutObjectCommand({
        Bucket: pipeline.recordingsBucket,
        Key: 'recordings/web/chat-500.contact.json',
        Body: JSON.stringify(chat),
      }),
    );
    await pipeline.waitUntilIdle();
  }, 60_000);

  afterAll(async () => {
    streams.forEach((stream, i) => {
      stream.write = originalWrites[i] as typeof stream.write;
    });
    await pipeline?.stop();
    await llm?.close();
  });

  it('sent the seeded name to the provider, which echoed it in a 500', () => {
    expect(llm.requests.length).toBeGreaterThanOrEqual(2);
    expect(llm.requests[0]?.body.toString()).toContain('Quastenberg');
  });

  it('logs the failure with status, provider code and request id and no transcript word', () => {
    const lines = logLines
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.trim().startsWith('{'));
    const failures = lines.filter((line) => line.includes('HTTP 500'));
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]).toContain('code server_error');
    expect(failures[0]).toContain('request id req-42');
    for (const line of lines) {
      for (const word of SEEDED) expect(line).not.toContain(word);
    }
  });
});
