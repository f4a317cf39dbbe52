import {
  AccessDeniedException,
  type ContentBlock,
  type ConverseCommand,
  ThrottlingException,
} from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import {
  bedrockSummarizationConfig,
  bedrockTranslationConfig,
} from '../../functions/providers/providerConfigs';
import { BedrockSummarization } from '../../functions/providers/summarization/bedrock';
import {
  BedrockTranslation,
  type ConverseInvoker,
} from '../../functions/providers/translation/bedrock';
import { ProviderRejectedError, TransientError } from '../../functions/shared/errors';
import { transcript, validSummary } from './support/providers';

/** A stand-in for BedrockRuntimeClient: records each Converse input, answers from a script. */
function fakeConverse(...answers: ((command: ConverseCommand) => ContentBlock[])[]) {
  const inputs: ConverseCommand['input'][] = [];
  const client: ConverseInvoker = {
    send: async (command) => {
      // Copy: the provider keeps appending to its message list between calls.
      inputs.push(structuredClone(command.input));
      const answer = answers[Math.min(inputs.length - 1, answers.length - 1)];
      return {
        output: { message: { role: 'assistant', content: answer?.(command) ?? [] } },
        stopReason: 'end_turn',
      };
    },
  };
  return { client, inputs };
}

const textsOf = (command: ConverseCommand) => {
  const block = command.input.messages?.[0]?.content?.[0];
  return (JSON.parse(block?.text ?? '{}') as { texts: string[] }).texts;
};
const translateAll = (command: ConverseCommand): ContentBlock[] => [
  { text: JSON.stringify({ translations: textsOf(command).map((text) => `de:${text}`) }) },
];
const dropOne = (command: ConverseCommand): ContentBlock[] => [
  { text: JSON.stringify({ translations: textsOf(command).slice(1) }) },
];
const toolAnswer = (input: unknown): ContentBlock[] => [
  { toolUse: { toolUseId: 'tool-1', name: 'record_case_summary', input: input as never } },
];

const translationConfig = bedrockTranslationConfig.parse({
  type: 'bedrock',
  modelId: 'mistral.mistral-large-2407-v1:0',
  region: 'eusc-de-east-1',
});
const summarizationConfig = bedrockSummarizationConfig.parse({
  type: 'bedrock',
  modelId: 'anthropic.claude-sonnet',
  region: 'eusc-de-east-1',
});

describe('Class: BedrockTranslation', () => {
  it('sends the shared prompt and JSON texts through Converse and returns aligned translations', async () => {
    // Prepare
    const { client, inputs } = fakeConverse(translateAll);

    // Act
    const result = await new BedrockTranslation(translationConfig, { client }).translate({
      texts: ['Hola', '', 'Adiós'],
      from: 'es',
      to: 'de',
    });

    // Assess
    expect(inputs[0]?.modelId).toBe('mistral.mistral-large-2407-v1:0');
    expect(inputs[0]?.system?.[0]?.text).toContain('from Spanish (es) to German (de)');
    expect(inputs[0]?.inferenceConfig).toEqual({ temperature: 0, maxTokens: 4096 });
    expect(result.texts).toEqual(['de:Hola', '', 'de:Adiós']);
    expect(result.provenance).toMatchObject({
      provider: 'bedrock',
      endpoint_host: 'bedrock-runtime.eusc-de-east-1.amazonaws.eu',
    });
  });

  it('asks a miscounted batch once more, then gives up with TransientError', async () => {
    const once = fakeConverse(dropOne, translateAll);
    const twice = fakeConverse(dropOne);

    const recovered = await new BedrockTranslation(translationConfig, {
      client: once.client,
    }).translate({
      texts: ['a', 'b'],
      from: 'es',
      to: 'de',
    });
    const error = await new BedrockTranslation(translationConfig, { client: twice.client })
      .translate({ texts: ['a', 'b'], from: 'es', to: 'de' })
      .catch((e) => e);

    expect(recovered.texts).toEqual(['de:a', 'de:b']);
    expect(error).toBeInstanceOf(TransientError);
    expect(twice.inputs).toHaveLength(2);
  });

  it('maps throttling to TransientError', async () => {
    const client: ConverseInvoker = {
      send: async () => {
        throw new ThrottlingException({ message: 'slow down', $metadata: {} });
      },
    };

    const error = await new BedrockTranslation(translationConfig, { client })
      .translate({ texts: ['a'], from: 'es', to: 'de' })
      .catch((e) => e);

    expect(error).toBeInstanceOf(TransientError);
  });
});

describe('Class: BedrockSummarization', () => {
  it('forces the case-summary tool and returns its validated input', async () => {
    const { client, inputs } = fakeConverse(() => toolAnswer(validSummary));

    const result = await new BedrockSummarization(summarizationConfig, { client }).summarize({
      transcript,
    });

    const toolConfig = inputs[0]?.toolConfig;
    expect(toolConfig?.toolChoice).toEqual({ tool: { name: 'record_case_summary' } });
    expect(toolConfig?.tools?.[0]?.toolSpec?.inputSchema?.json).toMatchObject({
      required: [
        'reason_for_contact',
        'key_facts',
        'next_steps',
        'open_questions',
        'sentiment',
        'completed_steps',
      ],
    });
    expect(inputs[0]?.messages?.[0]?.content?.[0]?.text).toContain('[00:03] CALLER: Mi solicitud');
    expect(result.summary.next_steps).toHaveLength(2);
    expect(result.sentiment.method).toBe('llm:anthropic.claude-sonnet');
  });

  it('returns the validation errors as a failed tool result and accepts the repaired answer', async () => {
    const { client, inputs } = fakeConverse(
      () => toolAnswer({ ...validSummary, key_facts: 'not a list' }),
      () => toolAnswer(validSummary),
    );

    const result = await new BedrockSummarization(summarizationConfig, { client }).summarize({
      transcript,
    });

    const repair = inputs[1]?.messages ?? [];
    expect(repair.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(repair[2]?.content?.[0]?.toolResult).toMatchObject({
      toolUseId: 'tool-1',
      status: 'error',
    });
    expect(JSON.stringify(repair[2]?.content)).toContain('key_facts');
    expect(result.summary.key_facts).toEqual(validSummary.key_facts);
  });

  it('throws TransientError when the summary is invalid twice', async () => {
    const { client, inputs } = fakeConverse(() => [
      { text: 'I am unable to summarise this call.' },
    ]);

    const error = await new BedrockSummarization(summarizationConfig, { client })
      .summarize({ transcript })
      .catch((e) => e);

    expect(error).toBeInstanceOf(TransientError);
    expect(inputs).toHaveLength(2);
  });

  it('maps access denied to ProviderRejectedError', async () => {
    const client: ConverseInvoker = {
      send: async () => {
        throw new AccessDeniedException({ message: 'no', $metadata: {} });
      },
    };

    const error = await new BedrockSummarization(summarizationConfig, { client })
      .summarize({ transcript })
      .catch((e) => e);

    expect(error).toBeInstanceOf(ProviderRejectedError);
    expect(error.message).toContain('role');
  });
});
