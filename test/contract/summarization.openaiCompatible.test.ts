import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearApiKeyCache } from '../../functions/providers/apiKey';
import { openaiCompatibleSummarizationConfig } from '../../functions/providers/providerConfigs';
import { SUMMARY_PROMPT_VERSION } from '../../functions/providers/summarization/caseSummarySchema';
import { OpenAiCompatibleSummarization } from '../../functions/providers/summarization/openaiCompatible';
import { PermanentError, TransientError } from '../../functions/shared/errors';
import {
  type FakeServer,
  jsonBody,
  type RecordedRequest,
  sequence,
  startFakeServer,
} from './support/fakeServer';
import { apiKey, chatAnswer, fastTransport, transcript, validSummary } from './support/providers';

type Message = { role: string; content: string };
const messagesOf = (request: RecordedRequest) => jsonBody(request).messages as Message[];

function provider(server: FakeServer) {
  const config = openaiCompatibleSummarizationConfig.parse({
    type: 'openai-compatible',
    baseUrl: server.baseUrl,
    model: 'mistral-medium-latest',
    ...fastTransport,
  });
  return new OpenAiCompatibleSummarization(config, { apiKey });
}

const invalid = { ...validSummary, next_steps: [{ action: 'Call back', owner: 'the clerk' }] };

describe('Class: OpenAiCompatibleSummarization', () => {
  let server: FakeServer;
  beforeEach(() => clearApiKeyCache());
  afterEach(() => server.close());

  it('sends "#turn [mm:ss] ROLE: text" lines under the case-summary schema and returns the validated summary', async () => {
    // Prepare
    server = await startFakeServer(() => ({ body: chatAnswer(JSON.stringify(validSummary)) }));

    // Act
    const result = await provider(server).summarize({ transcript });

    // Assess
    const body = jsonBody(server.requests[0] as RecordedRequest);
    expect(body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'case_summary', strict: true },
    });
    const [system, user] = messagesOf(server.requests[0] as RecordedRequest);
    expect(system?.content).toContain('Spanish (es)');
    // Names have no checksum: the model is asked to leave them out (issue: GDPR minimisation).
    expect(system?.content).toContain('write [NAME] instead');
    expect(user?.content).toContain(
      '#0 [00:00] AGENT: Jobcenter Berlin, buenos días.\n#1 [00:03] CALLER: Mi solicitud de subsidio no ha llegado.\n#2 [01:05] AGENT:',
    );
    expect(result.summary).toEqual({
      reason_for_contact: validSummary.reason_for_contact,
      key_facts: validSummary.key_facts,
      next_steps: [
        { action: 'Enviar el formulario', owner: 'authority' },
        { action: 'Devolver el formulario firmado', owner: 'citizen', due: '2026-12-01' },
      ],
      open_questions: [],
    });
    expect(result.sentiment).toEqual({
      overall: 'neutral',
      per_speaker: { agent: 'positive', caller: 'negative' },
      method: 'llm:mistral-medium-latest',
    });
    expect(result.provenance).toMatchObject({
      provider: 'openai-compatible',
      model: 'mistral-medium-latest',
      prompt_version: SUMMARY_PROMPT_VERSION,
    });
  });

  it('repairs an invalid summary once by sending the validation errors back', async () => {
    server = await startFakeServer(
      sequence(
        { body: chatAnswer(JSON.stringify(invalid)) },
        { body: chatAnswer(JSON.stringify(validSummary)) },
      ),
    );

    const result = await provider(server).summarize({ transcript });

    expect(server.requests).toHaveLength(2);
    const repair = messagesOf(server.requests[1] as RecordedRequest);
    expect(repair.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(repair[2]?.content).toBe(JSON.stringify(invalid));
    expect(repair[3]?.content).toMatch(/next_steps\.0\.owner: /);
    expect(result.summary.reason_for_contact).toBe(validSummary.reason_for_contact);
  });

  it('throws TransientError, never a summary, when the answer is invalid twice', async () => {
    server = await startFakeServer(() => ({ body: chatAnswer('Sorry, I cannot help with that.') }));

    const error = await provider(server)
      .summarize({ transcript })
      .catch((e) => e);

    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toMatch(
      /invalid case summary twice: \(root\): the answer is not a JSON object/,
    );
    expect(server.requests).toHaveLength(2);
  });

  it('refuses an empty transcript as permanent without calling the model', async () => {
    server = await startFakeServer(() => ({ body: chatAnswer(JSON.stringify(validSummary)) }));

    const error = await provider(server)
      .summarize({ transcript: { ...transcript, turns: [] } })
      .catch((e) => e);

    expect(error).toBeInstanceOf(PermanentError);
    expect(error.code).toBe('empty-transcript');
    expect(server.requests).toHaveLength(0);
  });
});
