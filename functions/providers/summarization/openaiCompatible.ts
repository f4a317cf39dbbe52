import { TransientError } from '../../shared/errors';
import * as z from '../../shared/zod';
import type { ApiKeyDependencies } from '../apiKey';
import { type HttpClient, httpClientFromConfig } from '../http/httpClient';
import type { OpenAiCompatibleSummarizationConfig } from '../providerConfigs';
import {
  caseSummaryJsonSchema,
  repairMessage,
  SUMMARY_PROMPT_VERSION,
  summarySystemPrompt,
  summaryUserMessage,
  validateCaseSummary,
} from './caseSummarySchema';
import { summaryContextBudget } from './contextBudget';
import type {
  ContextBudget,
  SummarizationProvider,
  SummarizationRequest,
  SummarizationResult,
} from './SummarizationProvider';

/**
 * Case summary from an LLM over OpenAI-compatible `POST /chat/completions`, held to the
 * case-summary JSON Schema. An answer that fails validation gets one repair round (the errors
 * sent back); a second failure is transient, so the queue retries rather than storing junk.
 */

const DEFAULT_ANSWER_TOKENS = 2_048;

type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };

const chatResponseSchema = z.object({
  model: z.optional(z.string()),
  choices: z
    .array(z.object({ message: z.object({ content: z.nullish(z.string()) }) }))
    .check(z.minLength(1)),
});

export class OpenAiCompatibleSummarization implements SummarizationProvider {
  readonly type = 'openai-compatible';
  readonly budget: ContextBudget;
  readonly #config: OpenAiCompatibleSummarizationConfig;
  readonly #client: HttpClient;
  readonly #url: string;

  constructor(
    config: OpenAiCompatibleSummarizationConfig,
    dependencies: { apiKey?: ApiKeyDependencies } = {},
  ) {
    this.#config = config;
    // Without max_tokens the server decides; 2,048 is ample for a case summary.
    this.budget = summaryContextBudget(config, config.maxTokens ?? DEFAULT_ANSWER_TOKENS);
    this.#url = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    this.#client = httpClientFromConfig(config, {
      provider: this.type,
      setting: 'summarization',
      apiKey: dependencies.apiKey,
    });
  }

  async summarize({ transcript, openSteps }: SummarizationRequest): Promise<SummarizationResult> {
    const started = performance.now();
    const messages: ChatMessage[] = [
      { role: 'system', content: summarySystemPrompt(transcript.language) },
      { role: 'user', content: summaryUserMessage(transcript, openSteps) },
    ];
    let answer = await this.#ask(messages);
    let result = validateCaseSummary(answer.content);
    if (!result.success) {
      messages.push(
        { role: 'assistant', content: answer.content },
        { role: 'user', content: repairMessage(result.errors) },
      );
      answer = await this.#ask(messages);
      result = validateCaseSummary(answer.content);
    }
    if (!result.success) {
      throw new TransientError(
        `${this.type} at ${new URL(this.#url).host} returned an invalid case summary twice: ${result.errors.slice(0, 3).join('; ')}`,
      );
    }
    return {
      summary: result.summary,
      // Asked for whenever open steps were given; an empty list is an answer too.
      ...(openSteps?.length ? { completedSteps: result.completedSteps ?? [] } : {}),
      sentiment: { ...result.sentiment, method: `llm:${this.#config.model}` },
      provenance: {
        provider: this.type,
        model: this.#config.model,
        endpoint_host: new URL(this.#url).host,
        ...(answer.model ? { model_version: answer.model } : {}),
        prompt_version: SUMMARY_PROMPT_VERSION,
        latency_ms: Math.round(performance.now() - started),
      },
    };
  }

  async #ask(messages: ChatMessage[]): Promise<{ content: string; model?: string }> {
    const { model, temperature, maxTokens, structuredOutput } = this.#config;
    const responseFormat = {
      json_schema: {
        type: 'json_schema',
        json_schema: { name: 'case_summary', strict: true, schema: caseSummaryJsonSchema },
      },
      json_object: { type: 'json_object' },
      none: undefined,
    }[structuredOutput];
    const answer = await this.#client.post({
      url: this.#url,
      json: {
        model,
        temperature,
        ...(maxTokens ? { max_tokens: maxTokens } : {}),
        ...(responseFormat ? { response_format: responseFormat } : {}),
        messages,
      },
      parse: (body) => chatResponseSchema.parse(body),
    });
    return { content: answer.body.choices[0]?.message.content ?? '', model: answer.body.model };
  }
}
