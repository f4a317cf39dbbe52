import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseSummary, ErrorRecord } from '../../functions/shared/documents';
import { parsePipelineConfig } from '../../functions/shared/pipelineConfig';
import { LocalPipeline } from '../../local/localPipeline';
import { type FakeServer, startFakeServer } from '../contract/support/fakeServer';
import { chatAnswer, validSummary } from '../contract/support/providers';

const CONTEXT_TOKENS = 32_000;
const ANSWER_TOKENS = 1_024;
const BYTES_PER_TOKEN = 3;

/** A 9,000-message chat (about 800 KB): far beyond one request to a 32k-token model. */
function longChat(contactId: string): string {
  const start = Date.parse('2026-11-24T08:00:00Z');
  const messages = Array.from({ length: 9_000 }, (_, i) => ({
    sender: i % 2 === 0 ? 'citizen' : 'agent',
    time: new Date(start + i * 5_000).toISOString(),
    text:
      i % 2 === 0
        ? `Question ${i} about my housing benefit form.`
        : `Answer ${i}: please see page ${i % 40}.`,
  }));
  return JSON.stringify({
    schema_version: '1.0',
    channel: 'chat',
    case_id: 'CASE-LONG',
    contact_id: contactId,
    language: 'en',
    started_at: '2026-11-24T08:00:00Z',
    messages,
  });
}

describe('Integration: a 9,000-message chat against a model with a 32k-token context', () => {
  let llm: FakeServer;
  let pipeline: LocalPipeline;

  afterEach(async () => {
    await pipeline?.stop();
    await llm?.close();
  });

  async function run(maxCallsPerContact: number, contactId: string) {
    // The LLM answers each piece with a summary naming the piece's first question.
    llm = await startFakeServer((request) => {
      const body = JSON.parse(request.body.toString()) as { messages: { content: string }[] };
      const first = body.messages[1]?.content.match(/Question \d+/)?.[0] ?? 'none';
      return {
        body: chatAnswer(
          JSON.stringify({ ...validSummary, key_facts: [`Piece starts at ${first}.`] }),
        ),
      };
    });
    const config = parsePipelineConfig({
      speechToText: { type: 'pocketsphinx' },
      translation: { type: 'apertium' },
      summarization: {
        type: 'openai-compatible',
        baseUrl: llm.baseUrl,
        model: 'small-context-model',
        maxTokens: ANSWER_TOKENS,
        contextTokens: CONTEXT_TOKENS,
        bytesPerToken: BYTES_PER_TOKEN,
        maxCallsPerContact,
        allowLoopback: true,
        retryBaseDelayMs: 1,
      },
      languages: { caseWorker: 'en' },
    });
    pipeline = await LocalPipeline.start({ pipeline: config, retryDelaySeconds: 1 });
    await pipeline.s3.send(
      new PutObjectCommand({
        Bucket: pipeline.recordingsBucket,
        Key: `recordings/web/${contactId}.contact.json`,
        Body: longChat(contactId),
      }),
    );
    await pipeline.waitUntilIdle();
  }

  const getJson = async <T>(key: string): Promise<T> => {
    const out = await pipeline.s3.send(
      new GetObjectCommand({ Bucket: pipeline.resultsBucket, Key: key }),
    );
    return JSON.parse((await out.Body?.transformToString()) ?? '') as T;
  };

  it('summarizes in pieces within the cap, every request under the configured context', async () => {
    // Act
    await run(16, 'chat-long');

    // Assess
    const sizes = llm.requests.map((r) => r.body.length);
    expect(sizes.length).toBeGreaterThan(1);
    expect(sizes.length).toBeLessThanOrEqual(16);
    for (const bytes of sizes) {
      expect(Math.ceil(bytes / BYTES_PER_TOKEN) + ANSWER_TOKENS).toBeLessThanOrEqual(
        CONTEXT_TOKENS,
      );
    }
    // Every message reached exactly one piece: the pieces' first questions are all different.
    const summary = await getJson<CaseSummary>('cases/CASE-LONG/contacts/chat-long/summary.json');
    expect(summary.summary.key_facts.length).toBe(sizes.length);
    const sent = llm.requests.map((r) => r.body.toString()).join('\n');
    expect(sent).toContain('Question 0 about');
    expect(sent).toContain('Answer 8999:');
    expect(await pipeline.drainSummaryReady()).toHaveLength(1);
  }, 240_000);

  it('writes an error record and calls no model when the contact needs more requests than the cap', async () => {
    await run(2, 'chat-capped');

    expect(llm.requests).toHaveLength(0);
    const listed = await pipeline.s3.send(
      new ListObjectsV2Command({ Bucket: pipeline.resultsBucket, Prefix: 'errors/summarize/' }),
    );
    const key = listed.Contents?.[0]?.Key ?? '';
    const record = await getJson<ErrorRecord>(key);
    expect(record).toMatchObject({ stage: 'summarize', code: 'contact-too-long' });
    expect(record.message).toMatch(/needs \d+ summarization requests.*maxCallsPerContact allows 2/);
  }, 240_000);
});
